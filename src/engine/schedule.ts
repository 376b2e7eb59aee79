/** Runs an image's tiles through any tile computer, several at a time, and blends them in row
 * bands as they finish: the same loop serves one network in this thread and a pool of workers.
 * Tiles may finish out of order; they are blended in plan order (at most about `concurrency`
 * finished tiles wait for an earlier one). */
import { BandBlender, type RowSink } from './bands';
import { planTiles, type Tile } from './tiling';

/** Row-major input, floats in [0, 1] or 8-bit values; RGB, or RGBA whose alpha is skipped. */
export interface TiledInput {
  width: number;
  height: number;
  data: Float32Array | Uint8Array | Uint8ClampedArray;
  /** 3 (default) or 4 (RGBA, as a canvas gives it: no RGB copy of a large image is needed). */
  channels?: 3 | 4;
}

export interface TileProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

/** A finished tile's raw output (before blending with its neighbours), output coordinates. */
export interface TileOutput {
  y: number;
  x: number;
  h: number;
  w: number;
  data: Float32Array;
}

/** (h, w, 3) input floats of tile `t` -> (s*h, s*w, 3) output floats. */
export type ComputeTile = (
  crop: Float32Array,
  t: Tile,
  signal: AbortSignal,
) => Promise<Float32Array>;

export interface ScheduleOptions {
  tile: number;
  overlap: number;
  scale: number;
  /** Tiles in flight at once (1 for a single network, the pool's size for workers). */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?: (p: TileProgress) => void;
  onTile?: (t: TileOutput) => void;
}

export function abortError(): DOMException {
  return new DOMException('The restore was cancelled', 'AbortError');
}

/** The input floats of one tile; 8-bit input is divided by 255 here, tile by tile, so no float
 * copy of the whole image is ever made. */
export function cropTile(image: TiledInput, t: Tile): Float32Array {
  const out = new Float32Array(t.h * t.w * 3);
  const c = image.channels ?? 3;
  const d = image.data instanceof Float32Array ? 1 : 255; // divided, as training's to_float does
  for (let i = 0; i < t.h; i++) {
    const from = ((t.y + i) * image.width + t.x) * c;
    const to = i * t.w * 3;
    for (let j = 0; j < t.w; j++)
      for (let ch = 0; ch < 3; ch++) out[to + j * 3 + ch] = image.data[from + j * c + ch]! / d;
  }
  return out;
}

export async function runTiles(
  image: TiledInput,
  compute: ComputeTile,
  sink: RowSink,
  options: ScheduleOptions,
): Promise<void> {
  const { tile, overlap, scale: s, concurrency = 1, signal, onProgress, onTile } = options;
  const tiles = planTiles(image.height, image.width, tile, overlap);
  const band = Math.min(tile, image.height) * s;
  const blender = new BandBlender(image.height * s, image.width * s, 3, overlap * s, band, sink);
  // a failing lane stops the others; the caller's signal stops them all
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort);
  const finished = new Map<number, TileOutput>();
  const started = performance.now();
  let next = 0;
  let blended = 0;
  let done = 0;

  const lane = async () => {
    while (next < tiles.length) {
      if (stop.signal.aborted) throw abortError();
      const i = next++;
      const t = tiles[i]!;
      const data = await compute(cropTile(image, t), t, stop.signal);
      if (stop.signal.aborted) throw abortError();
      const out = { y: t.y * s, x: t.x * s, h: t.h * s, w: t.w * s, data };
      finished.set(i, out);
      onTile?.(out);
      onProgress?.({ done: ++done, total: tiles.length, elapsedMs: performance.now() - started });
      for (let o = finished.get(blended); o; o = finished.get(blended)) {
        blender.add(o.data, o.y, o.x, o.h, o.w);
        finished.delete(blended++);
      }
    }
  };

  let failure: { error: unknown } | null = null;
  const guarded = async () => {
    try {
      await lane();
    } catch (error) {
      failure ??= { error }; // the first failure, not the aborts it causes in the other lanes
      stop.abort();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, tiles.length) }, guarded));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError();
  if (failure) throw (failure as { error: unknown }).error;
  blender.finish();
}
