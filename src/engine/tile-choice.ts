/** The tile size per backend, from measurement: time one tile of each candidate size (after a
 * warm-up of that size: the first call of a shape compiles and allocates), then take the size
 * that costs the least per useful output pixel, within a memory bound. Tiles overlap by
 * `overlap` input pixels, so a tile of side t adds (t - overlap)² new input pixels: small tiles
 * pay for their overlap, large ones for their memory and (on a GPU) nothing else, on wasm a
 * little cache. Pure apart from the clock and the tile runner it is given (no DOM). */

/** Tile sides tried, in input pixels: multiples of 32, so every model's padding (8 or 16) fits
 * without growing the tile. */
export const TILE_CANDIDATES = [64, 96, 128, 192, 256] as const;

/** Peak tensor bytes per input pixel of a tile, the most of any shipped model (`npm run bench`'s
 * peak tensor MB ÷ 128², sr-x2-ln): the CPU backends attend in blocks of windows
 * (ATTENTION_CHUNK_WINDOWS), the GPU backends take a tile at once. */
export const TILE_BYTES_PER_PIXEL = { wasm: 5_600, cpu: 5_600, webgl: 15_700, webgpu: 15_700 };
export type TileBackend = keyof typeof TILE_BYTES_PER_PIXEL;

/** Sizes whose cost per output pixel is within this share of the cheapest count as equally cheap,
 * and the largest of them is taken: on every backend here a larger tile is known to cost less
 * (it pays for less overlap; on wasm 64-px tiles measured 1.4-1.6x what 192-256 cost), and a
 * measurement on a busy machine moves by a few per cent, so a prior toward the larger size keeps
 * the choice from following the noise. */
export const EQUAL_COST_MARGIN = 0.05;

/** Timed calls per size (after one warm-up each), interleaved across sizes; the median is kept. */
export const TIMED_REPEATS = 3;

/** A measured candidate: seconds for one tile of side `tile` (square, input pixels). */
export interface TileTiming {
  tile: number;
  seconds: number;
}

/** Seconds per output pixel that the tiler adds with each tile of this size. */
export function secondsPerOutputPixel(t: TileTiming, overlap: number, scale: number): number {
  const fresh = (t.tile - overlap) * scale;
  return t.seconds / (fresh * fresh);
}

/** The candidates whose peak memory stays within `budgetBytes` (always at least the smallest). */
export function tilesWithinMemory(
  backend: string,
  budgetBytes: number,
  candidates: readonly number[] = TILE_CANDIDATES,
): number[] {
  const perPixel = TILE_BYTES_PER_PIXEL[backend as TileBackend];
  if (perPixel === undefined)
    throw new Error(
      `unknown backend "${backend}"; expected one of ${Object.keys(TILE_BYTES_PER_PIXEL).join(', ')}`,
    );
  const sorted = [...candidates].sort((a, b) => a - b);
  const fitting = sorted.filter((t) => t * t * perPixel <= budgetBytes);
  return fitting.length ? fitting : sorted.slice(0, 1);
}

/** The largest measured tile whose cost per output pixel is within EQUAL_COST_MARGIN of the
 * cheapest. */
export function chooseTile(timings: TileTiming[], overlap: number, scale: number): number {
  if (!timings.length) throw new Error('chooseTile needs at least one measured tile');
  for (const t of timings) {
    if (!(t.tile > 2 * overlap) || !(t.seconds > 0))
      throw new Error(
        `a measured tile needs a side over twice the overlap (${overlap}) and a time over 0, got ${t.tile} px in ${t.seconds} s`,
      );
  }
  const cost = (t: TileTiming) => secondsPerOutputPixel(t, overlap, scale);
  const cheapest = Math.min(...timings.map(cost));
  const equal = timings.filter((t) => cost(t) <= cheapest * (1 + EQUAL_COST_MARGIN));
  return Math.max(...equal.map((t) => t.tile));
}

export interface MeasureOptions {
  /** Timed calls per size (default TIMED_REPEATS). */
  repeats?: number;
  now?: () => number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `runTile` on each candidate: one untimed warm-up per size (the first call of a shape
 * compiles and allocates), then `repeats` rounds over every size, each round in the other order
 * (a drift of the machine's load then falls on every size alike); each size's time is the median
 * of its calls. No size is skipped on one sample. */
export async function measureTiles(
  runTile: (side: number) => Promise<void>,
  candidates: readonly number[],
  { repeats = TIMED_REPEATS, now = () => performance.now() }: MeasureOptions = {},
): Promise<TileTiming[]> {
  const sides = [...candidates].sort((a, b) => a - b);
  for (const side of sides) await runTile(side);
  const samples = new Map<number, number[]>(sides.map((side) => [side, []]));
  for (let r = 0; r < repeats; r++) {
    for (const side of r % 2 ? [...sides].reverse() : sides) {
      const started = now();
      await runTile(side);
      samples.get(side)!.push(Math.max(1e-6, (now() - started) / 1000));
    }
  }
  return sides.map((tile) => ({ tile, seconds: median(samples.get(tile)!) }));
}
