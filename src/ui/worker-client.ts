/** A small typed bridge to the inference worker. Every call takes an AbortSignal: aborting
 * rejects the promise at once with an AbortError and tells the worker to stop. */
import type { BackendName } from '../shared/backend';
import type { Rgba } from '../shared/pixels';
import type {
  BackendReport,
  MessageType,
  ModelRef,
  ReplyBody,
  RequestBody,
  RgbBuffer,
  ScoreInput,
  TileInput,
  WorkerRequest,
  WorkerResponse,
} from '../shared/protocol';

interface Pending {
  type: MessageType;
  resolve: (r: WorkerResponse) => void;
  reject: (e: unknown) => void;
  /** Removes the call's abort listener once it settles. */
  release: () => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** One method per message of the protocol: a message without one fails the typecheck. */
type ClientMethods = { [K in MessageType]: (...args: never[]) => Promise<unknown> };

function workerError(message: string, name?: string): Error {
  const e = new Error(message);
  if (name) e.name = name;
  return e;
}

export class WorkerClient implements ClientMethods {
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
    p.release();
    if (res.type === 'error') p.reject(workerError(res.message, res.name));
    else if (res.type !== p.type) p.reject(new Error(`unexpected reply ${res.type} to ${p.type}`));
    else p.resolve(res);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) {
      p.release();
      p.reject(error);
    }
    this.pending.clear();
  }

  /** Posts one request and resolves to its reply's body (the reply has the request's type). */
  private call<K extends MessageType>(
    type: K,
    body: RequestBody<K>,
    { signal }: CallOptions = {},
    transfer: Transferable[] = [],
  ): Promise<ReplyBody<K>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ id: this.nextId++, type: 'abort', target: id });
        reject(new DOMException('Aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        type,
        resolve: (r) => resolve(r as unknown as ReplyBody<K>),
        reject,
        release: () => signal?.removeEventListener('abort', onAbort),
      });
      this.worker.postMessage({ ...body, id, type } as WorkerRequest, transfer);
    });
  }

  async init(
    forced: BackendName | null,
    options: { signal?: AbortSignal; loseGpuAfterTiles?: number; wasmThreads?: number } = {},
  ): Promise<BackendReport> {
    const { signal, ...rest } = options;
    return (await this.call('init', { forced, ...rest }, { signal })).report;
  }

  /** Builds the model from its files (read once by the page; copied to this worker). */
  load(model: ModelRef, files: Record<string, ArrayBuffer>, options?: CallOptions) {
    return this.call('load', { model, files }, options);
  }

  /** One tile through the model; its buffer is transferred (the caller must not reuse it). */
  tile(model: ModelRef, tile: TileInput, options?: CallOptions) {
    return this.call('tile', { model, tile }, options, [tile.data.buffer]);
  }

  /** Per-layer feature statistics of `image` through the model (the image is transferred). */
  diagnose(model: ModelRef, image: RgbBuffer, options?: CallOptions) {
    return this.call('diagnose', { model, image }, options, [image.data.buffer]);
  }

  /** PSNR/SSIM in the worker (both buffers are copied, not transferred). */
  score(input: ScoreInput, options?: CallOptions) {
    return this.call('score', input, options);
  }

  /** Bicubic upscale of RGBA pixels by `scale` (the buffer is copied, not transferred). */
  upscale(
    image: { rgba: Uint8ClampedArray; width: number; height: number },
    scale: number,
    options?: CallOptions,
  ) {
    return this.call('upscale', { ...image, scale }, options);
  }

  /** The difference map of two same-size RGBA images at `gain`, and their PSNR (the buffers
   * are copied, not transferred). */
  difference(a: Rgba, b: Rgba, gain: number, options?: CallOptions) {
    const req = { a: a.rgba, b: b.rgba, width: a.width, height: a.height, gain };
    return this.call('difference', req, options);
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
