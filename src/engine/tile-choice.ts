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

/** A larger tile must be this much cheaper per output pixel to be chosen over a smaller one: a
 * smaller tile shows progress sooner, cancels sooner and holds less memory. */
export const LARGER_TILE_MARGIN = 0.05;

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

/** The measured tile that costs least per output pixel; a larger one only when it is cheaper by
 * more than LARGER_TILE_MARGIN. */
export function chooseTile(timings: TileTiming[], overlap: number, scale: number): number {
  if (!timings.length) throw new Error('chooseTile needs at least one measured tile');
  for (const t of timings) {
    if (!(t.tile > 2 * overlap) || !(t.seconds > 0))
      throw new Error(
        `a measured tile needs a side over twice the overlap (${overlap}) and a time over 0, got ${t.tile} px in ${t.seconds} s`,
      );
  }
  const sorted = [...timings].sort((a, b) => a.tile - b.tile);
  let best = sorted[0]!;
  for (const t of sorted.slice(1)) {
    const cost = secondsPerOutputPixel(t, overlap, scale);
    if (cost < secondsPerOutputPixel(best, overlap, scale) * (1 - LARGER_TILE_MARGIN)) best = t;
  }
  return best.tile;
}

export interface MeasureOptions {
  overlap: number;
  scale: number;
  /** stop once a size costs more per output pixel than the best so far by twice the margin (the
   * cost only climbs after that), so a slow device is not kept waiting; default true */
  stopEarly?: boolean;
  now?: () => number;
}

/** Times `runTile` on each candidate, smallest first: one untimed warm-up and one timed call
 * per size. */
export async function measureTiles(
  runTile: (side: number) => Promise<void>,
  candidates: readonly number[],
  { overlap, scale, stopEarly = true, now = () => performance.now() }: MeasureOptions,
): Promise<TileTiming[]> {
  const timings: TileTiming[] = [];
  let best = Infinity;
  for (const tile of [...candidates].sort((a, b) => a - b)) {
    await runTile(tile);
    const started = now();
    await runTile(tile);
    const timing = { tile, seconds: Math.max(1e-6, (now() - started) / 1000) };
    timings.push(timing);
    const cost = secondsPerOutputPixel(timing, overlap, scale);
    if (stopEarly && cost > best * (1 + 2 * LARGER_TILE_MARGIN)) break;
    best = Math.min(best, cost);
  }
  return timings;
}
