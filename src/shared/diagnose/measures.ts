/** What an image's pixels say about its history: blocking left by a JPEG save (the 8×8 grid's
 * edge energy, at whatever grid offset a crop left it) and a noise estimate. Both read the luma
 * of a central crop (at most MEASURE_SIDE square: blocks and noise are local, and a 12 MP photo
 * then costs a few milliseconds). Plain loops over typed arrays: used on the page and in Node. */

/** The side of the central crop measured. */
export const MEASURE_SIDE = 1024;
const BLOCK = 8;
/** The share of the flattest cells whose noise is taken: textured cells read texture as noise. */
const NOISE_PERCENTILE = 0.05;
/** Makes flat grey with white Gaussian noise of σ read σ (measures.test.ts). */
const NOISE_GAIN = 1.41;

/** Luma on the 0–255 scale, row-major. */
export interface Luma {
  width: number;
  height: number;
  data: Float32Array;
}

/** BT.601 luma of the central crop (at most `side` square) of interleaved 8-bit pixels with
 * `channels` bytes each (3: RGB, 4: RGBA). */
export function centralLuma(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  channels: 3 | 4,
  side = MEASURE_SIDE,
): Luma {
  const w = Math.min(width, side);
  const h = Math.min(height, side);
  const x0 = Math.floor((width - w) / 2);
  const y0 = Math.floor((height - h) / 2);
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let i = ((y0 + y) * width + x0) * channels;
    for (let x = 0; x < w; x++, i += channels)
      data[y * w + x] = 0.299 * pixels[i]! + 0.587 * pixels[i + 1]! + 0.114 * pixels[i + 2]!;
  }
  return { width: w, height: h, data };
}

/** The 8-px grid that shows most and how much: `strength` is the mean step across the grid's
 * lines over the mean step across the other lines, minus 1, averaged over both directions (0:
 * no grid; one save at q=90 reads about 0.1, at q=35 about 0.5 on Kodak24). `x`, `y`: the column and row
 * each grid line falls before, modulo 8. */
export interface Blocking {
  strength: number;
  x: number;
  y: number;
}

export function blockiness(l: Luma): Blocking {
  const cols = phaseSteps(l, 1, l.width);
  const rows = phaseSteps(l, l.width, l.height);
  return { strength: (cols.ratio + rows.ratio) / 2 - 1, x: cols.phase, y: rows.phase };
}

/** Mean |step| between neighbours `stride` apart across each of the n-1 lines, by line phase. */
function phaseSteps(l: Luma, stride: number, n: number): { ratio: number; phase: number } {
  const sums = new Float64Array(BLOCK);
  const counts = new Float64Array(BLOCK);
  const { data, width, height } = l;
  const along = stride === 1 ? height : width; // pixels on each line
  const step = stride === 1 ? width : 1; // from one pixel of a line to the next
  for (let k = 1; k < n; k++) {
    let s = 0;
    for (let j = 0, i = k * stride; j < along; j++, i += step)
      s += Math.abs(data[i]! - data[i - stride]!);
    sums[k % BLOCK]! += s / along;
    counts[k % BLOCK]! += 1;
  }
  const means = Array.from(sums, (s, p) => (counts[p] ? s / counts[p]! : 0));
  let phase = 0;
  for (let p = 1; p < BLOCK; p++) if (means[p]! > means[phase]!) phase = p;
  const others = means.filter((_, p) => p !== phase);
  const rest = others.reduce((a, b) => a + b, 0) / others.length;
  return { ratio: rest > 1e-6 ? means[phase]! / rest : 1, phase };
}

/** The noise's standard deviation on the 0–255 scale. A camera's noise is spread over
 * neighbouring pixels (demosaicing, its JPEG), so it is measured on the luma averaged over 2×2
 * pixels; texture is kept out twice: at each pixel the smallest |second difference| of four
 * directions (an edge or a stroke is flat along itself, noise is not), and of the 8×8 cells of
 * those the flattest twentieth is taken (cells near black or white skipped: clipping hides noise). */
export function noiseSigma(l: Luma): number {
  const b = binned(l);
  const { width: w, height: h, data } = b;
  const perPixel = new Float32Array(w * h);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1, i = y * w + 1; x < w - 1; x++, i++) {
      const c2 = 2 * data[i]!;
      perPixel[i] = Math.min(
        Math.abs(data[i - 1]! - c2 + data[i + 1]!),
        Math.abs(data[i - w]! - c2 + data[i + w]!),
        Math.abs(data[i - w - 1]! - c2 + data[i + w + 1]!),
        Math.abs(data[i - w + 1]! - c2 + data[i + w - 1]!),
      );
    }
  }
  const cells: number[] = [];
  for (let cy = 1; cy + BLOCK < h; cy += BLOCK) {
    for (let cx = 1; cx + BLOCK < w; cx += BLOCK) {
      let sum = 0;
      let level = 0;
      for (let y = cy; y < cy + BLOCK; y++)
        for (let x = cx, i = y * w + cx; x < cx + BLOCK; x++, i++) {
          sum += perPixel[i]!;
          level += data[i]!;
        }
      const mean = level / (BLOCK * BLOCK);
      if (mean > 10 && mean < 245) cells.push(sum / (BLOCK * BLOCK));
    }
  }
  if (cells.length === 0) return 0;
  cells.sort((a, b) => a - b);
  // ×2: a 2×2 mean has half the noise's σ; the gain makes flat grey with white noise read σ
  return 2 * cells[Math.floor(NOISE_PERCENTILE * (cells.length - 1))]! * NOISE_GAIN;
}

/** The mean of each 2×2 block (the last odd row or column dropped). */
function binned(l: Luma): Luma {
  const w = l.width >> 1;
  const h = l.height >> 1;
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 2 * y * l.width + 2 * x;
      data[y * w + x] =
        (l.data[i]! + l.data[i + 1]! + l.data[i + l.width]! + l.data[i + l.width + 1]!) / 4;
    }
  return { width: w, height: h, data };
}
