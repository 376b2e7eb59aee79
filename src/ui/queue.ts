/** Many files: each is opened and restored in turn with the chosen task and norms, its results
 * kept as PNG files (lossless, so a finished file reopens exactly) to download one by one or all
 * at once as a zip, as PNG or, when chosen, JPEG. The single-run actions (run.ts) do the work;
 * this file only walks the list. */
import { zipSync } from 'fflate';
import { exifBlock } from '../shared/exif';
import { NORMS, type NormName } from '../engine/constants';
import { openFile } from './actions';
import { decodeFile, pixelsOf } from './image/decode';
import { thumbnail } from './image/thumbnail';
import { runRestore } from './run';
import { download, downloadName, encodeImage, encodePng, formatFor, type SaveFormat } from './save';
import { useAppStore } from './store';
import type { QueueItem } from './store/queue-slice';

const store = useAppStore.getState;
let stopRequested = false;

/** A small preview of a queued file, as an object URL, and whether it has transparency (the
 * URL is null if it cannot be decoded: the run will say why). */
async function thumbOf(item: QueueItem): Promise<{ thumbUrl: string | null; thumbAlpha: boolean }> {
  try {
    const decoded = await decodeFile(item.file, item.name);
    const bitmap = await thumbnail(decoded, 96);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    bitmap.close();
    const thumbUrl = URL.createObjectURL(await canvas.convertToBlob({ type: 'image/png' }));
    return { thumbUrl, thumbAlpha: decoded.hasAlpha };
  } catch {
    return { thumbUrl: null, thumbAlpha: false };
  }
}

export async function enqueueFiles(files: { name: string; file: Blob }[]): Promise<void> {
  const before = store().queue.length;
  store().enqueue(files);
  for (const item of store().queue.slice(before)) store().updateItem(item.id, await thumbOf(item));
}

/** Shows a finished file in the compare view: its input, and its saved results decoded again. */
export async function openQueueItem(item: QueueItem): Promise<void> {
  await openFile(item.file, item.name);
  for (const norm of NORMS) {
    const out = item.outputs[norm];
    if (!out) continue;
    const bitmap = await createImageBitmap(out.blob);
    const rgba = pixelsOf(bitmap);
    bitmap.close();
    store().addResult({ ...out.run, rgba });
  }
}

/** Opens one item, restores it and keeps its results; false when the run was cancelled. */
async function runItem(item: QueueItem): Promise<boolean> {
  const { updateItem } = store();
  updateItem(item.id, { status: 'running', error: null });
  await openFile(item.file, item.name);
  const inputError = store().inputError;
  if (inputError) {
    updateItem(item.id, { status: 'failed', error: inputError });
    return true;
  }
  const outcome = await runRestore();
  if (outcome.status === 'cancelled') {
    updateItem(item.id, { status: 'cancelled' });
    return false;
  }
  if (outcome.status === 'failed') {
    updateItem(item.id, { status: 'failed', error: outcome.message ?? null });
    return true;
  }
  const { task } = store();
  const outputs: QueueItem['outputs'] = {};
  for (const r of outcome.results) {
    // the pixels live on in the PNG only, not twice in memory
    const { rgba, ...run } = r;
    outputs[r.norm] = {
      blob: await encodePng({ rgba, width: r.width, height: r.height }, store().source?.exif),
      fileName: downloadName(item.name, task, r.norm, r.variant),
      run,
    };
  }
  updateItem(item.id, { status: 'done', outputs });
  return true;
}

/** Restores every waiting file, one after another; Cancel stops the current one and the rest. */
export async function runQueue(): Promise<void> {
  const { setQueueRunning } = store();
  if (store().queueRunning) return;
  stopRequested = false;
  setQueueRunning(true);
  try {
    for (const item of store().queue) {
      if (item.status !== 'waiting') continue;
      if (stopRequested || !(await runItem(item))) break;
    }
  } finally {
    setQueueRunning(false);
  }
}

export function stopQueue(): void {
  stopRequested = true;
}

/** A kept result as the chosen format saves it: the PNG itself, or re-encoded as JPEG (.jpg);
 * a file with transparency stays PNG. */
async function savedOutput(
  item: QueueItem,
  norm: NormName,
  chosen: SaveFormat,
): Promise<{ blob: Blob; fileName: string }> {
  const out = item.outputs[norm]!;
  if (formatFor(chosen, item.thumbAlpha) === 'png') return out;
  const bitmap = await createImageBitmap(out.blob);
  // the kept PNG carries the input's EXIF
  const exif = exifBlock('png', new Uint8Array(await out.blob.arrayBuffer()));
  try {
    return {
      blob: await encodeImage(bitmap, 'jpeg', exif),
      fileName: out.fileName.replace(/\.png$/, '.jpg'),
    };
  } finally {
    bitmap.close();
  }
}

export async function downloadOutput(item: QueueItem, norm: NormName): Promise<void> {
  const { blob, fileName } = await savedOutput(item, norm, store().saveFormat);
  download(blob, fileName);
}

/** Every result so far in one zip (stored, not deflated: PNG and JPEG are compressed already). */
export async function downloadAll(): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  const chosen = store().saveFormat;
  for (const item of store().queue)
    for (const norm of NORMS) {
      if (!item.outputs[norm]) continue;
      const { blob, fileName } = await savedOutput(item, norm, chosen);
      files[fileName] = new Uint8Array(await blob.arrayBuffer());
    }
  const zip = zipSync(files, { level: 0 });
  download(new Blob([zip], { type: 'application/zip' }), 'iln-restore-results.zip');
}

export function clearQueue(): void {
  for (const item of store().queue) if (item.thumbUrl) URL.revokeObjectURL(item.thumbUrl);
  store().clearQueue();
}
