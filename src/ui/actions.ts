/** Plain module-level actions for the input and the settings: which models ship, opening a
 * file, choosing a task. Runs are in run.ts, the workers in workers.ts. */
import {
  defaultModelUrl,
  modelName,
  type NormName,
  type TaskName,
  type VariantName,
} from '../engine/constants';
import type { ModelRef } from '../shared/protocol';
import { resultAsShown } from './image/blend';
import { imageDataOf } from './image/convert';
import { decodeFile, pixelsOf, type DecodedImage } from './image/decode';
import { diagnose, measure, type Diagnosis } from '../shared/diagnose/diagnose';
import { fitToTask } from './image/limits';
import { degradeForTask } from './image/degrade';
import { storeVariant, variantFor } from './model-choice';
import { downloadName, storeSaveFormat, type SaveFormat } from './save';
import { useAppStore } from './store';

/** Content hash per shipped model: part of its URL, so an updated model is a new cache entry. */
const modelHashes = new Map<string, string>();
const store = useAppStore.getState;

const INDEX_KEY = 'iln-restore:models-index';

/** Which models this build ships (models/index.json, written by the build). The last index
 * seen is kept, so that offline the app still knows which models its cache holds. */
export async function loadModelIndex(): Promise<void> {
  type Index = { models: { name: string; hash: string }[] };
  let index: Index;
  try {
    const res = await fetch('./models/index.json');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    index = (await res.json()) as Index;
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    index = JSON.parse(localStorage.getItem(INDEX_KEY) ?? '{"models": []}') as Index;
  }
  for (const m of index.models) modelHashes.set(m.name, m.hash);
  store().setAvailableModels(index.models.map((m) => m.name));
}

/** The kind of model that runs for the chosen task (photo or benchmark). */
export function activeVariant(): VariantName {
  const { availableModels, task, variant } = store();
  return variantFor(availableModels, task, variant);
}

export function modelRef(task: TaskName, norm: NormName, variant: VariantName): ModelRef {
  const url = new URL(defaultModelUrl(task, norm, variant), document.baseURI);
  const hash = modelHashes.get(modelName(task, norm, variant));
  if (hash) url.searchParams.set('v', hash);
  return { task, norm, url: url.href };
}

async function prepareSource(): Promise<void> {
  const { original, task, degradeFirst, degrade, setSource, clearResults, setInputError } = store();
  clearResults();
  if (!original) return;
  setInputError(null);
  if (!degradeFirst) return setSource(original, null);
  const { degraded, reference } = await degradeForTask(task, original, degrade, activeVariant());
  setSource(degraded, reference);
}

/** Photo model or benchmark model: remembered for the next visit. */
export async function chooseVariant(variant: VariantName): Promise<void> {
  storeVariant(variant);
  store().setVariant(variant);
  if (store().degradeFirst) await prepareSource();
  else store().clearResults();
}

/** PNG or JPEG for every Download from now on: remembered for the next visit. */
export function chooseSaveFormat(format: SaveFormat): void {
  storeSaveFormat(format);
  store().setSaveFormat(format);
}

/** What a file's pixels and bytes say it needs (shared/diagnose): a few milliseconds, as the
 * measures read a central crop of at most 1024 px. */
async function diagnoseFile(file: Blob, img: DecodedImage): Promise<Diagnosis> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return diagnose(measure(img.rgba, img.width, img.height, 4, bytes));
}

export async function openFile(file: Blob, name: string): Promise<void> {
  const { setOriginal, setInputError } = store();
  try {
    const img = await decodeFile(file, name);
    setOriginal(img, await diagnoseFile(file, img));
    store().setPrevious(null); // a new file: nothing to go back to
    store().resetView();
    await prepareSource();
  } catch (e) {
    setInputError(e instanceof Error ? e.message : String(e));
  }
}

export async function chooseTask(task: TaskName): Promise<void> {
  store().setTask(task);
  await prepareSource();
}

export async function setDegradeFirst(on: boolean): Promise<void> {
  store().setDegradeFirst(on);
  await prepareSource();
}

export async function updateDegrade(
  patch: Partial<ReturnType<typeof store>['degrade']>,
): Promise<void> {
  store().setDegrade(patch);
  if (store().degradeFirst) await prepareSource();
}

/** Makes a result, as shown (at the chosen strength), the image, so that another task can take
 * it on: a small noisy photo denoised, then upscaled. Its name says what was done (the name its
 * download would have). "Degrade it first" turns off: the new image is already restored. */
export async function continueWithResult(norm: NormName): Promise<void> {
  const { results, source, task, strength } = store();
  const r = results[norm];
  if (!r || !source) return;
  const { rgba } = resultAsShown(r, source, strength);
  const name = downloadName(source.name, r.steps ?? task, norm, r.variant);
  const { hasAlpha, exif } = source; // the photo's metadata stays with it
  store().setPrevious(store().original);
  store().setOriginal({ name, width: r.width, height: r.height, rgba, hasAlpha, exif });
  store().setDegradeFirst(false);
  store().resetView();
  await prepareSource();
}

/** Undoes Use as input: the image it replaced comes back (its results are gone: run again). */
export async function backToPrevious(): Promise<void> {
  const { previous } = store();
  if (!previous) return;
  store().setPrevious(null);
  store().setOriginal(previous);
  store().resetView();
  await prepareSource();
}

/** Replaces the image with the largest copy the task takes (same aspect ratio). */
export function downscaleToFit(): Promise<void> {
  const { original, task } = store();
  return original
    ? downscaleTo(fitToTask(task, original.width, original.height))
    : Promise.resolve();
}

/** Replaces the image with a copy of `fit` (same aspect ratio), resized by the browser's
 * high-quality scaler; the file name says it was downscaled. */
export async function downscaleTo(fit: { width: number; height: number }): Promise<void> {
  const { original, setOriginal, setInputError } = store();
  if (!original) return;
  try {
    const bitmap = await createImageBitmap(imageDataOf(original), {
      resizeWidth: fit.width,
      resizeHeight: fit.height,
      resizeQuality: 'high',
    });
    const rgba = pixelsOf(bitmap);
    bitmap.close();
    const name = `${original.name.replace(/ \(.*\)$/, '')} (downscaled to ${fit.width}×${fit.height})`;
    setOriginal({ ...original, name, ...fit, rgba });
    store().resetView();
    await prepareSource();
  } catch (e) {
    setInputError(`Downscaling failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
