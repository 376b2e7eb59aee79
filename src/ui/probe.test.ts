import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRef } from '../shared/protocol';

/** A pool whose rounds take 40 ms; it records the shape of every round it runs. */
const rounds: { url: string; w: number; h: number }[] = [];
const fakePool = {
  load: async () => ({ params: 1, fromCache: true }),
  tileOnEvery: async (ref: ModelRef, shape: { w: number; h: number }) => {
    rounds.push({ url: ref.url, ...shape });
    await new Promise((resolve) => setTimeout(resolve, 40));
  },
  primary: { tile: async () => ({ data: new Float32Array() }) },
};
vi.mock('./workers', () => ({
  pool: () => fakePool,
  deviceMemory: () => undefined,
  restartAfterGpuLoss: () => {},
}));
vi.mock('./actions', () => ({
  activeVariant: () => 'photo',
  modelRef: (task: string, norm: string) => ({ task, norm, url: `m/${task}-${norm}` }),
}));

const { probeChosenRun, probeSettled } = await import('./probe');
const { useAppStore } = await import('./store');

const report = {
  active: 'wasm',
  selfCheck: true,
  choice: { backend: 'wasm' as const, skipped: {}, device: 'CPU', forced: false },
};

describe('the estimate is timed as a round of the run, every worker at once', () => {
  beforeEach(() => {
    rounds.length = 0;
    const s = useAppStore.getState();
    s.setBackendReady(report, 2);
    s.setTile(128, 'pinned');
    s.setNormMode('both');
    const rgba = new Uint8ClampedArray(300 * 100 * 4);
    s.setOriginal({ width: 300, height: 100, rgba } as never);
  });

  it('warms every worker, then times one round per chosen model at the run tile shape', async () => {
    probeChosenRun();
    await probeSettled();
    const task = useAppStore.getState().task;
    const shape = { w: 128, h: 100 }; // the image is 100 px high: its tiles are too
    expect(rounds).toEqual([
      { url: `m/${task}-iln`, ...shape },
      { url: `m/${task}-iln`, ...shape },
      { url: `m/${task}-ln`, ...shape },
      { url: `m/${task}-ln`, ...shape },
    ]);
    const rates = Object.values(useAppStore.getState().tileSeconds);
    expect(rates).toHaveLength(2);
    for (const r of rates) expect(r).toBeGreaterThanOrEqual(0.035); // one round, not two
    for (const r of rates) expect(r).toBeLessThan(0.075);
  });
});
