/** The engine's front door: a factory returning { restore(); dispose(); } that runs any image
 * size through the network tile by tile, with progress, cancellation and bounded memory. */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_OVERLAP, DEFAULT_TILE } from './constants';
import { planTiles, TileBlender } from './tiling';

/** RGB float image, row-major (height, width, 3), values in [0, 1]. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

export interface RestoreProgress {
  done: number;
  total: number;
  elapsedMs: number;
}

export interface RestoreOptions {
  tile?: number;
  overlap?: number;
  signal?: AbortSignal;
  onProgress?: (p: RestoreProgress) => void;
}

export interface Restorer {
  /** Output pixels per input pixel along each axis. */
  readonly scale: number;
  restore(image: RgbImage, options?: RestoreOptions): Promise<RgbImage>;
  dispose(): void;
}

function abortError(): DOMException {
  return new DOMException('The restore was cancelled', 'AbortError');
}

function cropTile(image: RgbImage, y: number, x: number, h: number, w: number): Float32Array {
  const out = new Float32Array(h * w * 3);
  for (let i = 0; i < h; i++) {
    const from = ((y + i) * image.width + x) * 3;
    out.set(image.data.subarray(from, from + w * 3), i * w * 3);
  }
  return out;
}

/** What the restorer needs of a network: ours, a peer's layers model, or a stand-in in tests. */
export interface TileNetwork {
  readonly scale: number;
  /** (1, h, w, 3) in [0, 1] -> (1, scale*h, scale*w, 3); the caller owns the result. */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

export function createRestorer(network: TileNetwork): Restorer {
  let disposed = false;
  return {
    scale: network.scale,
    async restore(image, options = {}) {
      if (disposed) throw new Error('this restorer was disposed');
      const { tile = DEFAULT_TILE, overlap = DEFAULT_OVERLAP, signal, onProgress } = options;
      const s = network.scale;
      const tiles = planTiles(image.height, image.width, tile, overlap);
      const blender = new TileBlender(image.height * s, image.width * s, 3, overlap * s);
      const started = performance.now();
      for (const [i, t] of tiles.entries()) {
        if (signal?.aborted) throw abortError();
        const input = tf.tensor4d(cropTile(image, t.y, t.x, t.h, t.w), [1, t.h, t.w, 3]);
        const output = network.forward(input); // (1, s*h, s*w, 3)
        input.dispose();
        try {
          blender.add((await output.data()) as Float32Array, t.y * s, t.x * s, t.h * s, t.w * s);
        } finally {
          output.dispose();
        }
        onProgress?.({ done: i + 1, total: tiles.length, elapsedMs: performance.now() - started });
      }
      if (signal?.aborted) throw abortError();
      return { width: image.width * s, height: image.height * s, data: blender.result() };
    },
    dispose() {
      disposed = true;
      network.dispose();
    },
  };
}
