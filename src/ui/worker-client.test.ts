import { describe, expect, it, vi } from 'vitest';
import type { WorkerRequest, WorkerResponse } from '../shared/protocol';
import { WorkerClient } from './worker-client';

/** A stand-in Worker that answers through a handler, asynchronously like the real one. */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: WorkerRequest[] = [];
  constructor(private handler: (req: WorkerRequest) => WorkerResponse | null) {}
  postMessage(req: WorkerRequest) {
    this.sent.push(req);
    const res = this.handler(req);
    if (res) setTimeout(() => this.onmessage?.({ data: res } as MessageEvent<WorkerResponse>), 0);
  }
  terminate() {}
}

const report = {
  choice: { backend: 'wasm' as const, skipped: {}, device: 'CPU', forced: false },
  active: 'wasm',
  selfCheck: true,
};

function client(handler: (req: WorkerRequest) => WorkerResponse | null) {
  const worker = new FakeWorker(handler);
  return { worker, client: new WorkerClient(worker as unknown as Worker) };
}

describe('WorkerClient', () => {
  it('routes a reply to its request by id', async () => {
    const { client: c } = client((req) => ({ id: req.id, type: 'init', report }));
    await expect(c.init(null)).resolves.toEqual(report);
  });

  it('turns a worker error into a rejected promise with its message', async () => {
    const { client: c } = client((req) => ({ id: req.id, type: 'error', message: 'no backend' }));
    await expect(c.init('webgpu')).rejects.toThrow('no backend');
  });

  it('rejects at once on abort and tells the worker which request to stop', async () => {
    const { client: c, worker } = client(() => null);
    const controller = new AbortController();
    const pending = c.init(null, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.sent.at(-1)).toMatchObject({ type: 'abort', target: worker.sent[0]!.id });
  });

  it('rejects an already aborted signal without posting', async () => {
    const { client: c, worker } = client(() => null);
    await expect(c.init(null, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(worker.sent).toEqual([]);
  });

  it('fails pending calls when the worker crashes', async () => {
    const { client: c, worker } = client(() => null);
    const pending = c.init(null);
    worker.onerror?.({ message: 'out of memory' } as ErrorEvent);
    await expect(pending).rejects.toThrow('out of memory');
  });

  it('removes its abort listener once the call settles', async () => {
    const { client: c } = client((req) => ({ id: req.id, type: 'init', report }));
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, 'addEventListener');
    const removed = vi.spyOn(controller.signal, 'removeEventListener');
    await c.init(null, { signal: controller.signal });
    expect(added).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledWith('abort', added.mock.calls[0]![1]);
  });

  it('rejects a reply of another type than its request', async () => {
    const { client: c } = client((req) => ({ id: req.id, type: 'load', params: 1 }));
    await expect(c.init(null)).rejects.toThrow('unexpected reply load to init');
  });
});
