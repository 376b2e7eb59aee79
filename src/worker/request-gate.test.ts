import { describe, expect, it } from 'vitest';
import { RequestGate } from './request-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RequestGate', () => {
  it('a request aborted while waiting for the backend never starts', async () => {
    const gate = new RequestGate();
    const backend = deferred();
    let started = false;
    const run = gate.run(1, backend.promise, async () => {
      started = true;
    });
    gate.abort(1);
    backend.resolve();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(false);
    expect(gate.size).toBe(0);
  });

  it('an abort during the job reaches its signal; other requests are untouched', async () => {
    const gate = new RequestGate();
    const seen: boolean[] = [];
    const job = (signal: AbortSignal) =>
      new Promise<void>((resolve) => setTimeout(() => resolve(void seen.push(signal.aborted)), 5));
    const first = gate.run(1, Promise.resolve(), job);
    const second = gate.run(2, Promise.resolve(), job);
    await Promise.resolve();
    await Promise.resolve();
    gate.abort(1);
    await Promise.all([first, second]);
    expect(seen.sort()).toEqual([false, true]);
    expect(gate.size).toBe(0);
  });
});
