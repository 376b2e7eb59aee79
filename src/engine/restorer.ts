/** The engine's front door: a factory returning { restore(); dispose(); } that runs any image
 * size through the network tile by tile, with progress, cancellation and bounded memory. */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_OVERLAP, DEFAULT_TILE } from './constants';
import { floatSink, uint8Sink, type RowSink } from './bands';
import { runTiles, type TiledInput, type TileOutput, type TileProgress } from './schedule';
import type { Tile } from './tiling';
import { yieldToEventLoop } from '../shared/event-loop';

/** RGB float image, row-major (height, width, 3), values in [0, 1]. */
export interface RgbImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** RGB image with 8 bits per channel, row-major (height, width, 3). */
export interface Rgb8Image {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** What restore accepts: floats in [0, 1] (noise may stray outside) or 8-bit values. */
export type RgbInput = TiledInput;
export type { TileOutput, TileProgress as RestoreProgress } from './schedule';

export interface RestoreOptions {
  tile?: number;
  overlap?: number;
  signal?: AbortSignal;
  onProgress?: (p: TileProgress) => void;
  /** Each tile's output as soon as it is computed, for progressive display. */
  onTile?: (t: TileOutput) => void;
}

export interface Restorer {
  /** Output pixels per input pixel along each axis. */
  readonly scale: number;
  /** Float output (a quarter of the memory with `restore8`). */
  restore(image: RgbInput, options?: RestoreOptions): Promise<RgbImage>;
  /** 8-bit output, blended in row bands: memory grows with the tile and the output's 8-bit
   * size, never with a float copy of the image. */
  restore8(image: RgbInput, options?: RestoreOptions): Promise<Rgb8Image>;
  dispose(): void;
}

/** What the restorer needs of a network: ours, a peer's layers model, or a stand-in in tests. */
export interface TileNetwork {
  readonly scale: number;
  /** (1, h, w, 3) in [0, 1] -> (1, scale*h, scale*w, 3); the caller owns the result. */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

/** One tile through the network in this thread, then a turn of the event loop, so that a
 * cancel (or any message) that arrived meanwhile is handled before the next tile starts. */
export async function forwardTile(
  network: TileNetwork,
  crop: Float32Array,
  t: Tile,
): Promise<Float32Array> {
  const input = tf.tensor4d(crop, [1, t.h, t.w, 3]);
  const output = network.forward(input); // (1, s*h, s*w, 3)
  input.dispose();
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
    await yieldToEventLoop();
  }
}

export function createRestorer(network: TileNetwork): Restorer {
  let disposed = false;
  const s = network.scale;

  async function run(image: RgbInput, options: RestoreOptions, sink: RowSink): Promise<void> {
    if (disposed) throw new Error('this restorer was disposed');
    const { tile = DEFAULT_TILE, overlap = DEFAULT_OVERLAP } = options;
    const compute = (crop: Float32Array, t: Tile) => forwardTile(network, crop, t);
    await runTiles(image, compute, sink, { ...options, tile, overlap, scale: s });
  }

  return {
    scale: s,
    async restore(image, options = {}) {
      const sink = floatSink(image.width * s, image.height * s);
      await run(image, options, sink);
      return { width: sink.width, height: sink.height, data: sink.data };
    },
    async restore8(image, options = {}) {
      const sink = uint8Sink(image.width * s, image.height * s);
      await run(image, options, sink);
      return { width: sink.width, height: sink.height, data: sink.data };
    },
    dispose() {
      disposed = true;
      network.dispose();
    },
  };
}
