/** Restore runs: the chosen norms one after another through the worker pool, with progress,
 * tiles shown as they land, cancel, scoring and download. */
import type { NormName, TaskName, VariantName } from '../engine/constants';
import { TASK_INFO } from '../engine/tasks';
import { activeVariant, modelRef } from './actions';
import { resultAsShown } from './image/blend';
import { carryAlpha } from './image/convert';
import type { DecodedImage } from './image/decode';
import { sizeProblem } from './image/limits';
import type { RgbaPixels } from './pool';
import { pacedRunDisplay } from './run-display';
import { useAppStore } from './store';
import { normsFor } from './store/settings-slice';
import type { RunResult, TileProgress } from './store/job-slice';
import { download, downloadName, encodeImage, formatFor } from './save';
import { pool, restartAfterGpuLoss } from './workers';
import { probeSettled, recordRunRate } from './probe';
import { BUSY_MESSAGE, NO_IMAGE_MESSAGE, outcomeOf, refused, type RunOutcome } from './run-outcome';

let running: AbortController | null = null;
const store = useAppStore.getState;

/** PSNR/SSIM of `pixels` (bicubic-upscaled first by `upscale`) against the reference, in the
 * worker; null when there is no reference of that size. */
export async function score(
  pixels: { rgba: Uint8ClampedArray; width: number; height: number },
  reference: DecodedImage | null,
  task: TaskName,
  upscale = 1,
): Promise<{ psnr: number | null; ssim: number | null }> {
  const none = { psnr: null, ssim: null };
  if (!reference) return none;
  if (reference.width !== pixels.width * upscale || reference.height !== pixels.height * upscale)
    return none;
  const info = TASK_INFO[task];
  const { psnr, ssim } = await pool().primary.score({
    a: pixels.rgba,
    aWidth: pixels.width,
    aHeight: pixels.height,
    b: reference.rgba,
    upscale,
    border: info.scale > 1 ? info.scale : 0,
    space: info.space,
  });
  return { psnr, ssim };
}

/** The score of doing nothing clever: bicubic upscaling for SR, the degraded input otherwise. */
export async function scoreBaseline(
  source: DecodedImage,
  reference: DecodedImage | null,
  task: TaskName,
) {
  const s = TASK_INFO[task].scale;
  const { psnr: p, ssim: q } = await score(source, reference, task, s);
  return p === null || q === null
    ? null
    : { label: s > 1 ? 'Bicubic' : 'Degraded input', psnr: p, ssim: q };
}

/** One model over the image: loaded (downloaded once), its tiles spread over the workers and
 * painted as they land, the input's transparency carried over. */
export async function restoreWith(
  task: TaskName,
  norm: NormName,
  variant: VariantName,
  source: DecodedImage,
  signal: AbortSignal,
  onProgress: (p: TileProgress) => void,
): Promise<{ width: number; height: number; rgba: Uint8ClampedArray; ms: number }> {
  const { tile, overlap, setJobPhase, setDownload, showTile } = store();
  const ref = modelRef(task, norm, variant);
  setJobPhase('loading', norm);
  await pool().load(ref, { signal, onDownload: setDownload });
  setDownload(null);
  setJobPhase('running', norm);
  const started = performance.now();
  const display = pacedRunDisplay<RgbaPixels>(
    (out, dirty) => showTile(norm, out, dirty),
    onProgress,
  );
  const out = await pool()
    .restore(ref, source, TASK_INFO[task].scale, {
      tile,
      overlap,
      signal,
      onProgress: display.progress,
      onTile: (t, out) => display.tile(out, t),
    })
    .finally(display.end);
  const ms = performance.now() - started;
  recordRunRate(ref, ms);
  carryAlpha(out.rgba, out.width, out.height, source);
  return { ...out, ms };
}

async function runOne(
  norm: NormName,
  source: DecodedImage,
  signal: AbortSignal,
): Promise<RunResult> {
  const { task } = store();
  const variant = activeVariant();
  const out = await restoreWith(task, norm, variant, source, signal, store().setTiles);
  const metrics = await score(out, store().reference, task);
  const backend = store().backendReport?.active ?? '';
  return { norm, variant, ...out, backend, workers: pool().size, ...metrics };
}

/** Restores the image with the chosen task and norms; refused with the reason when there is no
 * image or a run is going. */
export async function runRestore(): Promise<RunOutcome> {
  const { source, task, normMode } = store();
  if (!source) return refused(NO_IMAGE_MESSAGE);
  if (running) return refused(BUSY_MESSAGE);
  const tooBig = sizeProblem(task, source.width, source.height);
  if (tooBig) {
    store().finishJob('failed', tooBig);
    return refused(tooBig);
  }
  return runJob(async (signal, add) => {
    store().setBaseline(await scoreBaseline(source, store().reference, task));
    for (const norm of normsFor(normMode)) add(await runOne(norm, source, signal));
  });
}

/** A run's life: started, the workers free of the probe, ended as done, cancelled or failed
 * (after a lost GPU, fresh workers are started for the next run). Each result `work` adds is
 * shown at once and returned in the outcome. */
export async function runJob(
  work: (signal: AbortSignal, add: (r: RunResult) => void) => Promise<void>,
): Promise<RunOutcome> {
  if (running) return refused(BUSY_MESSAGE);
  const { startJob, finishJob, addResult } = store();
  const controller = (running = new AbortController());
  startJob();
  try {
    const outcome = await outcomeOf(async (keep) => {
      await probeSettled(); // the probe and the run never share the workers
      try {
        await work(controller.signal, (r) => {
          keep(r);
          addResult(r);
        });
      } catch (e) {
        if (e instanceof Error && e.name === 'GPUDeviceLost') restartAfterGpuLoss();
        throw e;
      }
    }, resultMB);
    finishJob(outcome.status, outcome.message);
    return outcome;
  } finally {
    running = null;
  }
}

export function isRunning(): boolean {
  return running !== null;
}

/** The size of the result being made, for the sentence when memory runs out. */
function resultMB(): number {
  const { source, task } = store();
  const s = TASK_INFO[task].scale;
  return source ? Math.ceil((source.width * source.height * s * s * 4) / 2 ** 20) : 0;
}

export function cancelRestore(): void {
  running?.abort();
}

/** Saves the result as shown (blended with the input at the chosen strength, same-size tasks)
 * in the chosen format; a chain's name says every step. */
export async function downloadResult(norm: NormName): Promise<void> {
  const { results, source, task, strength, saveFormat } = store();
  const r = results[norm];
  if (!r || !source) return;
  const format = formatFor(saveFormat, source.hasAlpha);
  download(
    await encodeImage(resultAsShown(r, source, strength), format, source.exif),
    downloadName(source.name, r.steps ?? [task], norm, r.variant, format),
  );
}
