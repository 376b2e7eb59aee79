/** A small typed bridge to the inference worker. Every call takes an AbortSignal: aborting
 * rejects the promise at once with an AbortError and tells the worker to stop. */
import type { BackendName } from '../shared/backend';
import type { Rgba } from '../shared/pixels';
import type {
  BackendReport,
  DistributiveOmit,
  ModelRef,
  RgbBuffer,
  ScoreInput,
  TileInput,
  WorkerRequest,
  WorkerResponse,
} from '../shared/protocol';

type Final = WorkerResponse;
interface Pending {
  resolve: (r: Final) => void;
  reject: (e: unknown) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

function workerError(message: string, name?: string): Error {
  const e = new Error(message);
  if (name) e.name = name;
  return e;
}

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
    if (res.type === 'error') p.reject(workerError(res.message, res.name));
    else p.resolve(res);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private call(
    req: DistributiveOmit<WorkerRequest, 'id'>,
    { signal }: CallOptions = {},
    transfer: Transferable[] = [],
  ): Promise<Final> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new DOMException('Aborted', 'AbortError'));
      this.pending.set(id, { resolve, reject });
      signal?.addEventListener('abort', () => {
        if (!this.pending.delete(id)) return;
        this.worker.postMessage({ id: this.nextId++, type: 'abort', target: id });
        reject(new DOMException('Aborted', 'AbortError'));
      });
      this.worker.postMessage({ ...req, id } as WorkerRequest, transfer);
    });
  }

  private async expect<T extends Final['type']>(
    type: T,
    res: Promise<Final>,
  ): Promise<Extract<Final, { type: T }>> {
    const r = await res;
    if (r.type !== type) throw new Error(`unexpected reply ${r.type} to ${type}`);
    return r as Extract<Final, { type: T }>;
  }

  async init(
    forced: BackendName | null,
    options: { signal?: AbortSignal; loseGpuAfterTiles?: number; wasmThreads?: number } = {},
  ): Promise<BackendReport> {
    const { signal, ...rest } = options;
    return (await this.expect('init', this.call({ type: 'init', forced, ...rest }, { signal })))
      .report;
  }

  /** Builds the model from its files (read once by the page; copied to this worker). */
  load(model: ModelRef, files: Record<string, ArrayBuffer>, options?: CallOptions) {
    return this.expect('loaded', this.call({ type: 'load', model, files }, options));
  }

  /** One tile through the model; its buffer is transferred (the caller must not reuse it). */
  tile(model: ModelRef, tile: TileInput, options?: CallOptions) {
    const req = { type: 'tile' as const, model, tile };
    return this.expect('tiled', this.call(req, options, [tile.data.buffer]));
  }

  /** Per-layer feature statistics of `image` through the model (the image is transferred). */
  diagnose(model: ModelRef, image: RgbBuffer, options?: CallOptions) {
    return this.expect(
      'diagnosed',
      this.call({ type: 'diagnose', model, image }, options, [image.data.buffer]),
    );
  }

  /** PSNR/SSIM in the worker (both buffers are copied, not transferred). */
  score(input: ScoreInput, options?: CallOptions) {
    return this.expect('scored', this.call({ type: 'score', ...input }, options));
  }

  /** Bicubic upscale of RGBA pixels by `scale` (the buffer is copied, not transferred). */
  upscale(
    image: { rgba: Uint8ClampedArray; width: number; height: number },
    scale: number,
    options?: CallOptions,
  ) {
    const req = { type: 'upscale' as const, ...image, scale };
    return this.expect('upscaled', this.call(req, options));
  }

  /** The difference map of two same-size RGBA images at `gain`, and their PSNR (the buffers
   * are copied, not transferred). */
  difference(a: Rgba, b: Rgba, gain: number, options?: CallOptions) {
    const req = {
      type: 'difference' as const,
      a: a.rgba,
      b: b.rgba,
      width: a.width,
      height: a.height,
      gain,
    };
    return this.expect('differed', this.call(req, options));
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
