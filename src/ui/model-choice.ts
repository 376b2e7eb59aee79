/** Which model of a task runs: the photo model or the benchmark model (the paper's setting),
 * as the user chose it (remembered across visits), where the build ships that kind. */
import {
  modelName,
  PHOTO_TASKS,
  type NormName,
  type TaskName,
  type VariantName,
} from '../engine/constants';
import { storeChoice, storedChoice } from './stored-choice';

/** The norms as the app names them. */
export const NORM_LABEL: Record<NormName, string> = { iln: 'i-LN', ln: 'LN' };

export const VARIANT_LABELS: Record<VariantName, string> = {
  photo: 'For photos',
  benchmark: "Benchmark (paper's setting)",
};

export const VARIANT_HINTS: Record<VariantName, string> = {
  photo: 'trained on what real photos carry: camera noise, blur, resizing and JPEG',
  benchmark: 'trained on one clean synthetic degradation, as the paper; best on such inputs',
};

const KEY = 'iln-restore:variant';

/** The photo model first, until the user picks the benchmark model. */
export function storedVariant(): VariantName {
  return storedChoice(KEY, ['photo', 'benchmark'], 'photo');
}

export function storeVariant(v: VariantName): void {
  storeChoice(KEY, v);
}

/** Whether the build ships every model of `norms` for the task in that kind. */
export function shipsModels(
  available: readonly string[],
  task: TaskName,
  norms: readonly NormName[],
  variant: VariantName,
): boolean {
  return norms.every((n) => available.includes(modelName(task, n, variant)));
}

/** The kinds a task offers, photo first (a task without photo models offers the benchmark's). */
export function variantsOf(available: readonly string[], task: TaskName): VariantName[] {
  const photo =
    PHOTO_TASKS.includes(task) &&
    (shipsModels(available, task, ['iln'], 'photo') ||
      shipsModels(available, task, ['ln'], 'photo'));
  return photo ? ['photo', 'benchmark'] : ['benchmark'];
}

/** The kind that runs: the chosen one where the task offers it, else the benchmark's. */
export function variantFor(
  available: readonly string[],
  task: TaskName,
  preferred: VariantName,
): VariantName {
  return variantsOf(available, task).includes(preferred) ? preferred : 'benchmark';
}
