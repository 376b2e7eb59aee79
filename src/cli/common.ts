/** Shared pieces of the command line: backend, model loading, progress bar, errors. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  modelName,
  NORMS,
  PHOTO_TASKS,
  VARIANTS,
  type NormName,
  type TaskName,
  type VariantName,
} from '../engine/constants';
import { loadModel } from '../engine/model';
import { nodeFileSource } from '../engine/node-source';
import { createRestorer, type Restorer, type RestoreProgress } from '../engine/restorer';
import { taskInfo, type TaskInfo } from '../engine/tasks';

export function parseNorm(value: string | undefined): NormName {
  const norm = value ?? 'iln';
  if (!(NORMS as readonly string[]).includes(norm))
    throw new Error(`--norm must be iln or ln, got "${norm}"`);
  return norm as NormName;
}

/** --variant photo|benchmark; unset: the photo model where one is in `modelsDir` for the task
 * and norm, else the benchmark model. */
export function parseVariant(
  value: string | undefined,
  task: string,
  norm: NormName = 'iln',
  modelsDir = 'models',
): VariantName {
  if (value !== undefined && !(VARIANTS as readonly string[]).includes(value))
    throw new Error(`--variant must be photo or benchmark, got "${value}"`);
  const photoTask = PHOTO_TASKS.includes(task as TaskName);
  if (value === 'photo' && !photoTask)
    throw new Error(`${task} has no photo model; photo models: ${PHOTO_TASKS.join(', ')}`);
  if (value) return value as VariantName;
  const photo =
    photoTask && existsSync(join(modelsDir, modelName(task as TaskName, norm, 'photo')));
  return photo ? 'photo' : 'benchmark';
}

export async function openModel(
  task: string,
  normArg: string | undefined,
  modelsDir = 'models',
  variantArg?: string,
): Promise<{ info: TaskInfo; restorer: Restorer; name: string }> {
  const info = taskInfo(task);
  const norm = parseNorm(normArg);
  const name = modelName(info.name, norm, parseVariant(variantArg, task, norm, modelsDir));
  const path = join(modelsDir, name, 'model.json');
  if (!existsSync(path)) throw new Error(`no model ${name}: ${path} does not exist`);
  const { network } = await loadModel(nodeFileSource, path);
  return { info, restorer: createRestorer(network), name };
}

export function progressBar(label: string): (p: RestoreProgress) => void {
  return ({ done, total, elapsedMs }) => {
    if (!process.stderr.isTTY && done !== total) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const eta = done ? ((elapsedMs / done) * (total - done)) / 1000 : 0;
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} tiles, ETA ${eta.toFixed(1)} s${done === total ? '\n' : ''}`,
    );
  };
}

export function parseTile(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--tile must be a whole number of pixels (0 = whole image), got "${value}"`);
  return n;
}

/** --strength in percent, as the app's slider (100: the output, 0: the input), for the tasks
 * whose result has the input's size; a fraction in [0, 1] for shared/blend.ts. */
export function parseStrength(value: string | undefined, task: string): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw new Error(`--strength must be a percentage from 0 to 100, got "${value}"`);
  if (taskInfo(task).scale !== 1)
    throw new Error(
      `--strength blends a result with its input, so it needs a same-size task (denoise, dejpeg, derain), not ${task}`,
    );
  return n / 100;
}

/** Runs a CLI main, printing an error's message (not a stack) and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
