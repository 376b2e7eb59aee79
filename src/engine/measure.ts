/** Timing and peak tensor memory of one restorer on one image, and the time of each candidate
 * tile size: the same measurements in Node (the bench command line) and in Chromium (the
 * harness page), so the two are comparable. */
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_OVERLAP } from './constants';
import type { Restorer, RgbImage, TileNetwork } from './restorer';
import { chooseTile, measureTiles, TILE_CANDIDATES, type TileTiming } from './tile-choice';

export interface Measurement {
  /** wall time of each timed run, seconds (after one untimed warm-up run) */
  seconds: number[];
  /** the most tensor memory alive at once during any run, bytes */
  peakBytes: number;
  outputPixels: number;
}

/** A deterministic smooth test image: every model sees the same pixels. */
export function benchImage(size: number): RgbImage {
  const data = new Float32Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 + 0.4 * Math.sin(i * 0.001 + (i % 3));
  return { width: size, height: size, data };
}

export async function measureRestorer(
  restorer: Restorer,
  image: RgbImage,
  tile: number,
  runs: number,
  overlap = Math.min(16, Math.floor((tile - 1) / 2)),
): Promise<Measurement> {
  await restorer.restore(image, { tile, overlap }); // warm-up: shader/kernel compilation, caches
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    await restorer.restore(image, { tile, overlap });
    seconds.push((performance.now() - t0) / 1000);
  }
  // memory from one more run: profiling wraps every kernel, so it is kept out of the timings
  const { peakBytes } = await tf.profile(async () => {
    await restorer.restore(image, { tile, overlap });
  });
  return { seconds, peakBytes, outputPixels: image.width * image.height * restorer.scale ** 2 };
}

export const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Peak ArrayBuffer memory (bytes) while `run` works, sampled whenever `sample` is called (e.g.
 * per tile) and at the end; `baseline` is what was alive before. Node only (process.memoryUsage). */
export async function peakArrayBuffers(
  run: (sample: () => void) => Promise<void>,
): Promise<{ peakBytes: number; baselineBytes: number }> {
  const used = () => process.memoryUsage().arrayBuffers;
  const baselineBytes = used();
  let peakBytes = baselineBytes;
  const sample = () => {
    peakBytes = Math.max(peakBytes, used());
  };
  await run(sample);
  sample();
  return { peakBytes, baselineBytes };
}

/** One forward pass of a `side`-px square tile (the bench image's smooth pattern). */
function tileRunner(net: TileNetwork): (side: number) => Promise<void> {
  return async (side) => {
    const input = tf.tensor4d(benchImage(side).data, [1, side, side, 3]);
    const output = net.forward(input);
    input.dispose();
    await output.data();
    output.dispose();
  };
}

export interface TileRow {
  name: string;
  scale: number;
  timings: TileTiming[];
  chosen: number;
}

/** Times every candidate tile the way the app does (interleaved, the median of `rounds` timed
 * calls per size) and the size the app's chooser takes from them. */
export async function measureTileChoice(
  name: string,
  net: TileNetwork,
  rounds: number,
): Promise<TileRow> {
  const timings = await measureTiles(tileRunner(net), TILE_CANDIDATES, { repeats: rounds });
  return {
    name,
    scale: net.scale,
    timings,
    chosen: chooseTile(timings, DEFAULT_OVERLAP, net.scale),
  };
}
