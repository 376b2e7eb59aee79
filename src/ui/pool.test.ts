import { describe, expect, it } from 'vitest';
import type { ModelRef, WorkerRequest, WorkerResponse } from '../shared/protocol';
import { InferencePool, poolSize } from './pool';
import { WorkerClient } from './worker-client';

const report = (active: string) => ({
  choice: { backend: active as 'wasm', skipped: {}, device: 'CPU', forced: false },
  active,
  selfCheck: true,
});

/** A stand-in worker: its backend is `active`; a tile comes back ×2 nearest-neighbour, halved,
 * after a short delay; it records the tiles it computed. */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  tiles = 0;
  loadedFiles: string[] = [];
  constructor(private active: string) {}
  postMessage(req: WorkerRequest) {
    const answer = (res: WorkerResponse, ms = 0) =>
      setTimeout(() => this.onmessage?.({ data: res } as MessageEvent<WorkerResponse>), ms);
    if (req.type === 'init') answer({ id: req.id, type: 'init', report: report(this.active) });
    if (req.type === 'load') {
      this.loadedFiles.push(...Object.keys(req.files));
      answer({ id: req.id, type: 'load', params: 1 });
    }
    if (req.type === 'tile') {
      this.tiles++;
      const { h, w, data } = req.tile;
      const out = new Float32Array(h * w * 12);
      for (let y = 0; y < 2 * h; y++)
        for (let x = 0; x < 2 * w; x++)
          for (let c = 0; c < 3; c++)
            out[(y * 2 * w + x) * 3 + c] = data[((y >> 1) * w + (x >> 1)) * 3 + c]! / 2;
      answer({ id: req.id, type: 'tile', data: out }, 3);
    }
  }
  terminate() {}
}

function makePool(active: string, wanted: number) {
  const workers: FakeWorker[] = [];
  const reads: string[] = [];
  const readFiles = async (url: string) => {
    reads.push(url);
    const weights = url.replace('model.json', 'weights.bin');
    return {
      files: { [url]: new ArrayBuffer(8), [weights]: new ArrayBuffer(64) },
      fromCache: false,
    };
  };
  const make = () => {
    const w = new FakeWorker(active);
    workers.push(w);
    return new WorkerClient(w as unknown as Worker);
  };
  return { pool: new InferencePool(make, wanted, readFiles), workers, reads };
}

const model: ModelRef = { task: 'sr-x2', norm: 'iln', url: 'model.json' };

function source(w: number, h: number) {
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : (i * 13) % 256;
  return { width: w, height: h, rgba };
}

describe('InferencePool', () => {
  it('shares the tiles between its workers and blends them into RGBA', async () => {
    const { pool, workers } = makePool('wasm', 3);
    await pool.init(null);
    expect(pool.size).toBe(3);
    await pool.load(model);
    const src = source(40, 30);
    const painted: number[] = [];
    const out = await pool.restore(model, src, 2, {
      tile: 16,
      overlap: 2,
      onTile: (t) => painted.push(t.w * t.h),
    });
    expect([out.width, out.height]).toEqual([80, 60]);
    expect(workers.every((w) => w.tiles > 0)).toBe(true); // 6 tiles over 3 workers
    expect(painted).toHaveLength(6);
    // a per-pixel network blends back to itself: the pixel at (x, y) is the source's (x/2, y/2) / 2
    for (const [x, y] of [
      [0, 0],
      [79, 59],
      [33, 21],
    ]) {
      for (let c = 0; c < 3; c++) {
        const want = src.rgba[((y! >> 1) * 40 + (x! >> 1)) * 4 + c]! / 2;
        expect(Math.abs(out.rgba[(y! * 80 + x!) * 4 + c]! - want)).toBeLessThanOrEqual(0.5);
      }
      expect(out.rgba[(y! * 80 + x!) * 4 + 3]).toBe(255);
    }
  });

  it('reads a model once and gives every worker its files', async () => {
    const { pool, workers, reads } = makePool('wasm', 3);
    await pool.init(null);
    await Promise.all([pool.load(model), pool.load(model)]);
    await pool.load(model);
    expect(reads).toEqual(['model.json']);
    for (const w of workers) expect(w.loadedFiles).toEqual(['model.json', 'weights.bin']);
  });

  it('runs a round: one tile on every worker at once', async () => {
    const { pool, workers } = makePool('wasm', 3);
    await pool.init(null);
    await pool.load(model);
    await pool.tileOnEvery(model, { w: 16, h: 8 });
    expect(workers.map((w) => w.tiles)).toEqual([1, 1, 1]);
  });

  it('stops waiting for a load when the run is cancelled', async () => {
    const { pool } = makePool('wasm', 2);
    await pool.init(null);
    const stop = new AbortController();
    const loading = pool.load(model, { signal: stop.signal });
    stop.abort();
    await expect(loading).rejects.toThrow(/Aborted/);
    await expect(pool.load(model)).resolves.toEqual({ params: 1, fromCache: false });
  });

  it('keeps one worker on a GPU backend', async () => {
    const { pool, workers } = makePool('webgpu', 4);
    await pool.init(null);
    expect(pool.size).toBe(1);
    expect(workers).toHaveLength(1);
  });

  it('sizes itself by cores and memory', () => {
    expect(poolSize(2)).toBe(2);
    expect(poolSize(16)).toBe(8);
    expect(poolSize(16, 2)).toBe(4);
    expect(poolSize(1, 0.25)).toBe(1);
  });
});
