/** A small typed bridge to the inference worker. Every call takes an AbortSignal: aborting
 * rejects the promise at once with an AbortError and tells the worker to stop. */
import type { BackendName } from '../shared/backend';
import type { BackendReport, WorkerRequest, WorkerResponse } from '../shared/protocol';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
type Pending = { resolve: (r: WorkerResponse) => void; reject: (e: unknown) => void };

export class WorkerClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(private worker: Worker) {
    worker.onmessage = (e: MessageEvent<WorkerResponse>) => this.settle(e.data);
    worker.onerror = (e) => this.failAll(new Error(e.message || 'the inference worker crashed'));
  }

  private settle(res: WorkerResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (res.type === 'error') p.reject(new Error(res.message));
    else p.resolve(res);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private call(
    req: DistributiveOmit<WorkerRequest, 'id'>,
    signal?: AbortSignal,
  ): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
      this.pending.set(id, { resolve, reject });
      signal?.addEventListener('abort', () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ id: this.nextId++, type: 'abort', target: id });
        reject(new DOMException('Aborted', 'AbortError'));
      });
      this.worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  async init(forced: BackendName | null, signal?: AbortSignal): Promise<BackendReport> {
    const res = await this.call({ type: 'init', forced }, signal);
    if (res.type !== 'init') throw new Error(`unexpected reply ${res.type} to init`);
    return res.report;
  }

  terminate(): void {
    this.failAll(new Error('the inference worker was stopped'));
    this.worker.terminate();
  }
}

export function createWorkerClient(): WorkerClient {
  const worker = new Worker(new URL('../worker/inference.worker.ts', import.meta.url), {
    type: 'module',
  });
  return new WorkerClient(worker);
}
