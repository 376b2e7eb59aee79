/** Restore as suggested: the diagnosis's steps in order (shared/diagnose), the result of each the
 * input of the next, every chosen norm through the whole chain, as one run: one progress bar
 * (the share of all the steps' output pixels done), one estimate, a result that names every step
 * (cat.dejpeg-photo+sr-x2-photo.iln.png). */
import type { NormName, TaskName } from '../engine/constants';
import type { DecodedImage } from './image/decode';
import { chainSizeProblem, stepWeights } from './chain-plan';
import { variantFor } from './model-choice';
import { isRunning, restoreWith, runJob, score, scoreBaseline } from './run';
import { BUSY_MESSAGE, NO_IMAGE_MESSAGE, refused, type RunOutcome } from './run-outcome';
import { useAppStore } from './store';
import type { RunResult, TileProgress } from './store/job-slice';
import { normsFor } from './store/settings-slice';
import { pool } from './workers';

const store = useAppStore.getState;

async function runChain(
  norm: NormName,
  steps: readonly TaskName[],
  source: DecodedImage,
  signal: AbortSignal,
  share: { index: number; count: number; startedMs: number },
): Promise<RunResult> {
  const weights = stepWeights(steps, source.width, source.height);
  const variants = steps.map((t) => variantFor(store().availableModels, t, store().variant));
  let image = source;
  let ms = 0;
  for (const [i, task] of steps.entries()) {
    const before = weights.slice(0, i).reduce((a, b) => a + b, 0);
    const onProgress = (p: TileProgress) => {
      store().setTiles(p);
      const within = before + (weights[i]! * p.done) / Math.max(1, p.total);
      const done = (share.index + within) / share.count;
      store().setChainStep({
        index: i,
        count: steps.length,
        task,
        done,
        startedMs: share.startedMs,
      });
    };
    onProgress({ done: 0, total: 1, elapsedMs: 0 });
    const out = await restoreWith(task, norm, variants[i]!, image, signal, onProgress);
    ms += out.ms;
    image = { ...source, width: out.width, height: out.height, rgba: out.rgba };
  }
  const last = steps[steps.length - 1]!;
  const metrics = await score(image, store().reference, last);
  const backend = store().backendReport?.active ?? '';
  const { width, height, rgba } = image;
  const variant = variants[variants.length - 1]!;
  return {
    norm,
    variant,
    steps: [...steps],
    width,
    height,
    rgba,
    ms,
    backend,
    workers: pool().size,
    ...metrics,
  };
}

/** Runs the opened file's suggested steps; refused (with the reason) when there is no image or
 * suggestion, or while a run is going. */
export async function runSuggested(): Promise<RunOutcome> {
  const { source, diagnosis, normMode } = store();
  const steps = diagnosis?.suggested ?? [];
  if (!source) return refused(NO_IMAGE_MESSAGE);
  if (steps.length === 0) return refused('This image has no suggested steps.');
  if (isRunning()) return refused(BUSY_MESSAGE);
  const problem = chainSizeProblem(steps, source.width, source.height);
  if (problem) {
    store().finishJob('failed', problem);
    return refused(problem);
  }
  const last = steps[steps.length - 1]!;
  store().setTask(last); // the result is the last step's: its scale, its view
  return runJob(async (signal, add) => {
    store().setBaseline(await scoreBaseline(source, store().reference, last));
    const norms = normsFor(normMode);
    const startedMs = performance.now();
    for (const [index, norm] of norms.entries())
      add(await runChain(norm, steps, source, signal, { index, count: norms.length, startedMs }));
  });
}
