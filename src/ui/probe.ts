/** The measured rate behind the estimate shown before Restore: one tile through each chosen
 * model on this device's backend (after a warm-up tile: the first call compiles and allocates),
 * kept for the session; a finished run refines it. One probe at a time, and a run waits for it,
 * so the two never share the workers. */
import type { ModelRef } from '../shared/protocol';
import { activeVariant, modelRef } from './actions';
import { rateKey, rounds, tileShape } from './estimate';
import { useAppStore } from './store';
import { normsFor } from './store/settings-slice';
import { pool, restartAfterGpuLoss } from './workers';

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
  const { w, h } = tileShape(source.width, source.height, tile);
  return rateKey(ref.url, backendReport.active, w * 10000 + h);
}

async function timeOneTile(ref: ModelRef, shape: { w: number; h: number }): Promise<number> {
  const p = pool();
  await p.load(ref);
  const tile = () => ({ ...shape, data: new Float32Array(shape.w * shape.h * 3).fill(0.5) });
  await p.primary.tile(ref, tile());
  const started = performance.now();
  await p.primary.tile(ref, tile());
  return (performance.now() - started) / 1000;
}

/** Measures each chosen model whose rate is not known yet (nothing while a run goes on). */
export function probeChosenRun(): void {
  probing = probing.then(async () => {
    const { source, tile, normMode, jobStatus, backendStatus, task } = store();
    if (!source || backendStatus !== 'ready') return;
    if (jobStatus === 'loading' || jobStatus === 'running') return;
    for (const norm of normsFor(normMode)) {
      const ref = modelRef(task, norm, activeVariant());
      const key = rateKeyFor(ref);
      if (!key || store().tileSeconds[key] !== undefined) continue;
      try {
        store().setTileSeconds(
          key,
          await timeOneTile(ref, tileShape(source.width, source.height, tile)),
        );
      } catch (e) {
        // no estimate (e.g. a missing model: Restore says why); a lost GPU gets fresh workers
        if (e instanceof Error && e.name === 'GPUDeviceLost') restartAfterGpuLoss();
        return;
      }
    }
  });
}

/** After a run: its own rate, steadier than the probe's single tile. */
export function recordRunRate(ref: ModelRef, ms: number): void {
  const { source, tile, overlap, workers } = store();
  const key = rateKeyFor(ref);
  if (!source || !key) return;
  const n = rounds({ width: source.width, height: source.height, tile, overlap, workers });
  store().setTileSeconds(key, ms / 1000 / n);
}
