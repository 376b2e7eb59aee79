import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunResult } from './store/job-slice';

const restartAfterGpuLoss = vi.fn();
vi.mock('./workers', () => ({ pool: () => ({ size: 1 }), restartAfterGpuLoss }));
vi.mock('./probe', () => ({ probeSettled: async () => {}, recordRunRate: () => {} }));

const { runJob, runRestore } = await import('./run');
const { useAppStore } = await import('./store');
const { BUSY_MESSAGE, NO_IMAGE_MESSAGE } = await import('./run-outcome');

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('a run', () => {
  beforeEach(() => restartAfterGpuLoss.mockClear());

  it('returns its results and shows each as it is added', async () => {
    const r = { norm: 'iln' } as RunResult;
    const outcome = await runJob(async (_signal, add) => add(r));
    expect(outcome).toEqual({ status: 'done', results: [r] });
    expect(useAppStore.getState().results.iln).toBe(r);
    expect(useAppStore.getState().jobStatus).toBe('done');
  });

  it('refuses a Restore while one runs, with the reason, leaving the running one be', async () => {
    const gate = deferred();
    const first = runJob(() => gate.promise);
    await Promise.resolve();
    useAppStore.setState({ source: { width: 8, height: 8 } as never });
    await expect(runRestore()).resolves.toEqual({
      status: 'failed',
      message: BUSY_MESSAGE,
      results: [],
    });
    expect(useAppStore.getState().jobStatus).toBe('loading');
    gate.resolve();
    await expect(first).resolves.toMatchObject({ status: 'done' });
  });

  it('refuses a Restore without an image', async () => {
    useAppStore.setState({ source: null });
    await expect(runRestore()).resolves.toMatchObject({ message: NO_IMAGE_MESSAGE });
  });

  it('starts fresh workers after a lost GPU, and only then', async () => {
    const lost = Object.assign(new Error('The GPU device was lost'), { name: 'GPUDeviceLost' });
    const outcome = await runJob(async () => {
      throw lost;
    });
    expect(outcome).toMatchObject({ status: 'failed', message: 'The GPU device was lost' });
    expect(restartAfterGpuLoss).toHaveBeenCalledTimes(1);
    await runJob(async () => {
      throw new Error('another failure');
    });
    expect(restartAfterGpuLoss).toHaveBeenCalledTimes(1);
  });
});
