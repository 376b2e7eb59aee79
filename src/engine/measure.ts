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
  /** the most tensor memory a run holds at once above what was alive before it, bytes */
  peakBytes: number;
  outputPixels: number;
}

/** A deterministic smooth test image: every model sees the same pixels. */
export function benchImage(size: number): RgbImage {
  const data = new Float32Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 + 0.4 * Math.sin(i * 0.001 + (i % 3));
  return { width: size, height: size, data };
}

/** Times several restorers on one image, interleaved: after a warm-up of each, every round
 * times each once, in alternating order (A B, then B A), so a drift of the machine's load falls on
 * all of them alike and their ratio holds on a shared machine. */
export async function measureRestorers(
  restorers: Restorer[],
  image: RgbImage,
  tile: number,
  runs: number,
  overlap = Math.min(16, Math.floor((tile - 1) / 2)),
): Promise<Measurement[]> {
  const restore = (r: Restorer) => r.restore(image, { tile, overlap });
  for (const r of restorers) await restore(r); // warm-up: shader/kernel compilation, caches
  const seconds = restorers.map((): number[] => []);
  for (let round = 0; round < runs; round++) {
    const order = restorers.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      const t0 = performance.now();
      await restore(restorers[i]!);
      seconds[i]!.push((performance.now() - t0) / 1000);
    }
  }
  const measurements: Measurement[] = [];
  for (const [i, r] of restorers.entries()) {
    // memory from one more run (profiling wraps every kernel, so it is kept out of the timings),
    // above what is alive before it: the loaded models' weights, every candidate's alike
    const alive = tf.memory().numBytes;
    const { peakBytes: peak } = await tf.profile(async () => {
      await restore(r);
    });
    const peakBytes = peak - alive;
    const outputPixels = image.width * image.height * r.scale ** 2;
    measurements.push({ seconds: seconds[i]!, peakBytes, outputPixels });
  }
  return measurements;
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
