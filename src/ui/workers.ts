/** The inference workers' lifetime: one pool, started once, replaced after a lost GPU. */
import { forcedBackendFrom } from '../shared/backend';
import { InferencePool, poolSize } from './pool';
import { useAppStore } from './store';
import { createWorkerClient } from './worker-client';

let current: InferencePool | null = null;

export function pool(): InferencePool {
  current ??= new InferencePool(createWorkerClient, poolSize(undefined, deviceMemory()));
  return current;
}

/** Chrome's rough figure (GB, capped at 8); undefined where the browser does not say. */
export function deviceMemory(): number | undefined {
  return (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
}

export async function startBackend(search = globalThis.location?.search ?? ''): Promise<void> {
  const { setBackendStarting, setBackendReady, setBackendFailed } = useAppStore.getState();
  setBackendStarting();
  try {
    const loseGpu = Number(new URLSearchParams(search).get('loseGpuAfter')) || undefined;
    const report = await pool().init(forcedBackendFrom(search), { loseGpuAfterTiles: loseGpu });
    setBackendReady(report, pool().size);
  } catch (e) {
    setBackendFailed(e instanceof Error ? e.message : String(e));
  }
}

/** A lost GPU device kills the workers' backend: start fresh ones for the next run. */
export function restartAfterGpuLoss(): void {
  current?.terminate();
  current = null;
  const search = new URLSearchParams(globalThis.location?.search ?? '');
  search.delete('loseGpuAfter'); // the test hook fires once
  void startBackend(`?${search}`);
}
