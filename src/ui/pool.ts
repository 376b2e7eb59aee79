/** A pool of inference workers that share an image's tiles: one per core on WASM (each tile is
 * independent, so N workers run about N times as fast), a single one on a GPU (a second would
 * only queue on the same device). This thread plans the tiles, crops them from the source
 * pixels, blends the results in row bands into the RGBA output and shows tiles as they land. */
import { RgbaImageSink } from '../engine/bands';
import { runTiles, type TileOutput, type TileProgress } from '../engine/schedule';
import type { BackendName } from '../shared/backend';
import type { BackendReport, ModelRef } from '../shared/protocol';
import { readModelFiles } from '../engine/model-files';
import { cachedSource } from './model-cache';
import type { WorkerClient } from './worker-client';

/** Workers for WASM: one per logical core, at most 8, and at most one per 512 MB the browser
 * reports (each holds a model and one tile's activations, about 80 MB on a 128 px tile). */
export function poolSize(cores = navigator.hardwareConcurrency || 1, memoryGb?: number): number {
  const byMemory = memoryGb ? Math.max(1, Math.floor(memoryGb * 2)) : 8;
  return Math.max(1, Math.min(cores, 8, byMemory));
}

/** An RGBA image: row-major, 4 bytes a pixel. */
export interface RgbaPixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export interface PoolRestoreOptions {
  tile: number;
  overlap: number;
  signal?: AbortSignal;
  onProgress?: (p: TileProgress) => void;
  /** After each tile lands in `out` (raw, before blending), for progressive display. */
  onTile?: (t: TileOutput, out: RgbaPixels) => void;
}

/** Copies a tile's raw output into the RGBA image (its final, blended rows come later). */
function paintTile(out: RgbaImageSink, t: TileOutput): void {
  for (let i = 0; i < t.h; i++) {
    const row = ((t.y + i) * out.width + t.x) * 4;
    for (let j = 0; j < t.w; j++) {
      const from = (i * t.w + j) * 3;
      const to = row + j * 4;
      out.data[to] = t.data[from]! * 255;
      out.data[to + 1] = t.data[from + 1]! * 255;
      out.data[to + 2] = t.data[from + 2]! * 255;
      out.data[to + 3] = 255;
    }
  }
}

export type DownloadProgress = (p: { loaded: number; total: number }) => void;

export interface LoadOptions {
  signal?: AbortSignal;
  /** Bytes downloaded so far (nothing when the files come from the cache). */
  onDownload?: DownloadProgress;
}

/** A model's files by path, and whether they all came from the cache. */
export type ReadModelFiles = (
  url: string,
  onDownload?: DownloadProgress,
) => Promise<{ files: Record<string, ArrayBuffer>; fromCache: boolean }>;

async function readThroughCache(url: string, onDownload?: DownloadProgress) {
  const source = cachedSource((loaded, total) => onDownload?.({ loaded, total }));
  const files = await readModelFiles(source, url);
  return { files, fromCache: source.hits === Object.keys(files).length };
}

/** `work`, or an AbortError as soon as `signal` aborts (the work itself goes on, for the next
 * caller: a cancelled run does not wait for a download to finish). */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const abort = () => reject(new DOMException('Aborted', 'AbortError'));
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

export class InferencePool {
  private clients: WorkerClient[];

  /** Models loaded in every worker, by URL (a pool's workers never change). */
  private loaded = new Map<string, Promise<{ params: number; fromCache: boolean }>>();

  /** `make` starts one worker; `wanted` is how many to run on WASM; `readFiles` reads a
   * model's files (tests give their own). */
  constructor(
    private make: () => WorkerClient,
    private wanted: number,
    private readFiles: ReadModelFiles = readThroughCache,
  ) {
    this.clients = [make()];
  }

  get size(): number {
    return this.clients.length;
  }

  /** The first worker: the one that scores, diagnoses and reports the backend. */
  get primary(): WorkerClient {
    return this.clients[0]!;
  }

  /** Starts the backend in the first worker, then (on WASM or CPU) the other workers on the
   * same backend; a GPU backend keeps one worker. */
  async init(
    forced: BackendName | null,
    options: { loseGpuAfterTiles?: number; wasmThreads?: number } = {},
  ): Promise<BackendReport> {
    const report = await this.primary.init(forced, options);
    const cpuBound = report.active === 'wasm' || report.active === 'cpu';
    const extra = Array.from({ length: cpuBound ? this.wanted - 1 : 0 }, () => this.make());
    this.clients.push(...extra);
    const { wasmThreads } = options;
    await Promise.all(extra.map((c) => c.init(report.active as BackendName, { wasmThreads })));
    return report;
  }

  /** Loads the model in every worker. Its files are read once, here (downloaded the first time,
   * with progress, then from Cache Storage), and each worker gets a copy of the bytes. */
  async load(
    model: ModelRef,
    options: LoadOptions = {},
  ): Promise<{ params: number; fromCache: boolean }> {
    const { signal, onDownload } = options;
    let loaded = this.loaded.get(model.url);
    if (!loaded) {
      loaded = this.loadInWorkers(model, onDownload);
      loaded.catch(() => this.loaded.delete(model.url)); // a failed load is tried again next time
      this.loaded.set(model.url, loaded);
    }
    return untilAborted(loaded, signal);
  }

  private async loadInWorkers(model: ModelRef, onDownload?: DownloadProgress) {
    const { files, fromCache } = await this.readFiles(model.url, onDownload);
    const [first] = await Promise.all(this.clients.map((c) => c.load(model, files)));
    return { params: first!.params, fromCache };
  }

  /** One flat tile of this shape through the model on every worker at once: a round of a run
   * (the probe times one; a worker's first tile also compiles and allocates). */
  async tileOnEvery(model: ModelRef, shape: { w: number; h: number }): Promise<void> {
    const flat = () => new Float32Array(shape.w * shape.h * 3).fill(0.5);
    await Promise.all(this.clients.map((c) => c.tile(model, { ...shape, data: flat() })));
  }

  /** The whole image through the model, tiles spread over the workers; RGBA out (alpha 255). */
  async restore(
    model: ModelRef,
    source: { rgba: Uint8ClampedArray; width: number; height: number },
    scale: number,
    options: PoolRestoreOptions,
  ): Promise<{ width: number; height: number; rgba: Uint8ClampedArray }> {
    const out = new RgbaImageSink(source.width * scale, source.height * scale);
    const idle = [...this.clients];
    const compute = async (
      crop: Float32Array,
      t: { h: number; w: number },
      signal: AbortSignal,
    ) => {
      const client = idle.pop()!; // as many lanes as workers: one is always free here
      try {
        const res = await client.tile(model, { h: t.h, w: t.w, data: crop }, { signal });
        return res.data;
      } finally {
        idle.push(client);
      }
    };
    const input = {
      width: source.width,
      height: source.height,
      data: source.rgba,
      channels: 4 as const,
    };
    await runTiles(input, compute, out, {
      tile: options.tile,
      overlap: options.overlap,
      scale,
      concurrency: this.clients.length,
      signal: options.signal,
      onProgress: options.onProgress,
      onTile: (t) => {
        paintTile(out, t);
        options.onTile?.(t, { width: out.width, height: out.height, rgba: out.data });
      },
    });
    return { width: out.width, height: out.height, rgba: out.data };
  }

  terminate(): void {
    for (const c of this.clients) c.terminate();
    this.clients = [];
  }
}
