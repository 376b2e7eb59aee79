/** Measurements before Restore: first the tile size for this device, backend and model (once,
 * then remembered: tile-choice.ts), then the rate behind the estimate: one round (a tile on
 * every worker at once) through each chosen model on this device's backend, after a warm-up
 * round, kept for the session; a finished run refines it, and a remembered tile size that ran
 * clearly slower than another measured size is measured again. One probe at a time, and a run
 * waits for it, so the two never share the workers. */
import { TASK_INFO } from '../engine/tasks';
import {
  chooseTile,
  measureTiles,
  secondsPerOutputPixel,
  tilesWithinMemory,
} from '../engine/tile-choice';
import type { ModelRef } from '../shared/protocol';
import { activeVariant, modelRef } from './actions';
import { rateKey, rounds, tileShape } from './estimate';
import { useAppStore } from './store';
import { isBusy } from './store/job-slice';
import { normsFor } from './store/settings-slice';
import {
  choiceKey,
  forgetTile,
  runSaysRemeasure,
  storedTile,
  storedTileCosts,
  storeTile,
  storeTileCosts,
  tileMemoryBudget,
} from './tile-choice';
import { deviceMemory, pool, restartAfterGpuLoss } from './workers';

const store = useAppStore.getState;
let probing: Promise<void> = Promise.resolve();

/** Settles when no probe is running. */
export function probeSettled(): Promise<void> {
  return probing;
}

/** The rate key of one model for the current image, tile size and backend. */
export function rateKeyFor(ref: ModelRef): string | null {
  const { source, tile, backendReport } = store();
  if (!source || !backendReport) return null;
  return shapeRateKey(ref.url, backendReport.active, tileShape(source.width, source.height, tile));
}

/** A rate is kept per tile shape: w × h, as one number. */
function shapeRateKey(url: string, backend: string, { w, h }: { w: number; h: number }): string {
  return rateKey(url, backend, w * 10000 + h);
}

const flatTile = (w: number, h: number) => ({ w, h, data: new Float32Array(w * h * 3).fill(0.5) });

/** Seconds for one round of a run: a tile on every worker at once, as the run's tiles go (the
 * workers share the cores, memory and this thread, so a round takes longer than one worker's
 * tile alone), after a warm-up round (each worker's first tile compiles and allocates). */
async function timeOneRound(ref: ModelRef, shape: { w: number; h: number }): Promise<number> {
  const p = pool();
  await p.load(ref);
  await p.tileOnEvery(ref, shape);
  const started = performance.now();
  await p.tileOnEvery(ref, shape);
  return (performance.now() - started) / 1000;
}

/** The tile size for this model on this backend: remembered, or measured now on one worker. A
 * pinned size (`?tile=N`) is kept. */
async function chooseTileFor(ref: ModelRef): Promise<void> {
  const { tileSource, backendReport, workers, task, overlap, setTile } = store();
  if (tileSource === 'pinned' || !backendReport) return;
  const key = choiceKey(backendReport, ref.url);
  const known = storedTile(key);
  if (known) return setTile(known, 'measured');
  const p = pool();
  await p.load(ref);
  const budget = tileMemoryBudget(workers, deviceMemory());
  const candidates = tilesWithinMemory(backendReport.active, budget);
  const run = async (side: number) => void (await p.primary.tile(ref, flatTile(side, side)));
  const scale = TASK_INFO[task].scale;
  const timings = await measureTiles(run, candidates);
  const tile = chooseTile(timings, overlap, scale);
  storeTile(key, tile);
  const costs = timings.map((t) => [t.tile, secondsPerOutputPixel(t, overlap, scale)]);
  storeTileCosts(key, Object.fromEntries(costs));
  setTile(tile, 'measured'); // its rate is then timed as a round of every worker (timeOneRound)
}

/** Measures each chosen model whose rate is not known yet (nothing while a run goes on). */
export function probeChosenRun(): void {
  probing = probing.then(async () => {
    const { source, normMode, jobStatus, backendStatus, task } = store();
    if (!source || backendStatus !== 'ready') return;
    if (isBusy(jobStatus)) return;
    for (const [i, norm] of normsFor(normMode).entries()) {
      const ref = modelRef(task, norm, activeVariant());
      try {
        if (i === 0) await chooseTileFor(ref); // LN and i-LN share an architecture: one choice
        const key = rateKeyFor(ref);
        if (!key || store().tileSeconds[key] !== undefined) continue;
        store().setTileSeconds(
          key,
          await timeOneRound(ref, tileShape(source.width, source.height, store().tile)),
        );
      } catch (e) {
        // no estimate (e.g. a missing model: Restore says why); a lost GPU gets fresh workers
        if (e instanceof Error && e.name === 'GPUDeviceLost') restartAfterGpuLoss();
        return;
      }
    }
  });
}

/** After a run: its own rate, steadier than the probe's single tile; and a remembered tile size
 * that ran clearly slower than another measured size is forgotten, to be measured again. */
export function recordRunRate(ref: ModelRef, ms: number): void {
  const { source, tile, overlap, workers } = store();
  const key = rateKeyFor(ref);
  if (!source || !key) return;
  const n = rounds({ width: source.width, height: source.height, tile, overlap, workers });
  const roundSeconds = ms / 1000 / n;
  store().setTileSeconds(key, roundSeconds);
  // a few rounds are mostly edge tiles: only a longer run says what a tile costs
  if (n >= MIN_ROUNDS_TO_JUDGE) checkRememberedTile(ref, roundSeconds);
}

const MIN_ROUNDS_TO_JUDGE = 4;

/** `roundSeconds`: each worker's time per tile in the run, costed as the chooser costs a tile
 * (per new output pixel beyond the overlap). */
function checkRememberedTile(ref: ModelRef, roundSeconds: number): void {
  const { tileSource, tile, overlap, backendReport, task } = store();
  // a chain's earlier steps run on another image than the one opened
  if (tileSource !== 'measured' || !backendReport || ref.task !== task) return;
  const key = choiceKey(backendReport, ref.url);
  const costs = storedTileCosts(key);
  const scale = TASK_INFO[ref.task].scale;
  const runCost = secondsPerOutputPixel({ tile, seconds: roundSeconds }, overlap, scale);
  if (costs && storedTile(key) === tile && runSaysRemeasure(tile, costs, runCost)) forgetTile(key);
}
