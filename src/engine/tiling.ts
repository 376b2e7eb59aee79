/** Tile planning and seamless blending. Tiles overlap; each output pixel is the weighted mean
 * of the tiles covering it, with weights that fade over the overlap on interior edges only. */

export interface Tile {
  /** Input-space rectangle. */
  y: number;
  x: number;
  h: number;
  w: number;
}

/** Starts along one axis: stride tile-overlap, the last tile flush with the far edge. */
export function axisStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const stride = tile - overlap;
  const starts: number[] = [];
  for (let s = 0; s + tile < length; s += stride) starts.push(s);
  starts.push(length - tile);
  return starts;
}

export function planTiles(height: number, width: number, tile: number, overlap: number): Tile[] {
  if (!(tile > 0) || !Number.isInteger(tile))
    throw new Error(`tile size must be a positive integer, got ${tile}`);
  if (!(overlap >= 0) || overlap * 2 >= tile) {
    throw new Error(
      `overlap must be at least 0 and less than half the tile (${tile}), got ${overlap}`,
    );
  }
  if (height < 1 || width < 1)
    throw new Error(`image must be at least 1x1, got ${width}x${height}`);
  const tiles: Tile[] = [];
  for (const y of axisStarts(height, tile, overlap)) {
    for (const x of axisStarts(width, tile, overlap)) {
      tiles.push({ y, x, h: Math.min(tile, height), w: Math.min(tile, width) });
    }
  }
  return tiles;
}

/** 1-D weights for a tile side: a raised-cosine ramp over `ramp` pixels at each interior edge. */
export function rampWeights(
  length: number,
  ramp: number,
  fadeStart: boolean,
  fadeEnd: boolean,
): Float32Array {
  const w = new Float32Array(length).fill(1);
  for (let i = 0; i < Math.min(ramp, length); i++) {
    const v = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / ramp);
    if (fadeStart) w[i] = Math.min(w[i]!, v);
    if (fadeEnd) w[length - 1 - i] = Math.min(w[length - 1 - i]!, v);
  }
  return w;
}
