/** MATLAB imresize(img, scale, 'bicubic') for uint8 RGB, as training/degrade.py: antialiased
 * when shrinking, symmetric borders, rows first then columns, rounded after each pass. */

function cubic(x: number): number {
  const a = Math.abs(x);
  if (a <= 1) return 1.5 * a ** 3 - 2.5 * a ** 2 + 1;
  if (a <= 2) return -0.5 * a ** 3 + 2.5 * a ** 2 - 4 * a + 2;
  return 0;
}

interface AxisWeights {
  taps: number;
  index: Int32Array; // (out * taps), 0-based source indices
  weight: Float64Array;
}

export function resizeWeights(inLen: number, outLen: number, scale: number): AxisWeights {
  const width = scale < 1 ? 4 / scale : 4;
  const taps = Math.ceil(width) + 2;
  const index = new Int32Array(outLen * taps);
  const weight = new Float64Array(outLen * taps);
  for (let o = 0; o < outLen; o++) {
    const u = (o + 1) / scale + 0.5 * (1 - 1 / scale);
    const left = Math.floor(u - width / 2);
    let sum = 0;
    for (let t = 0; t < taps; t++) {
      const src = left + t; // 1-based
      const d = u - src;
      const w = scale < 1 ? scale * cubic(scale * d) : cubic(d);
      const m = (((src - 1) % (2 * inLen)) + 2 * inLen) % (2 * inLen);
      index[o * taps + t] = m < inLen ? m : 2 * inLen - 1 - m;
      weight[o * taps + t] = w;
      sum += w;
    }
    for (let t = 0; t < taps; t++) weight[o * taps + t]! /= sum;
  }
  return { taps, index, weight };
}

/** Resizes along rows (axis 0) of a (h, w, c) array, rounding and clipping to 0-255. */
function resizeRows(
  src: Float64Array,
  h: number,
  w: number,
  c: number,
  outH: number,
  scale: number,
): Float64Array {
  const { taps, index, weight } = resizeWeights(h, outH, scale);
  const out = new Float64Array(outH * w * c);
  const row = w * c;
  for (let o = 0; o < outH; o++) {
    for (let t = 0; t < taps; t++) {
      const k = weight[o * taps + t]!;
      const from = index[o * taps + t]! * row;
      for (let i = 0; i < row; i++) out[o * row + i]! += k * src[from + i]!;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, Math.round(out[i]!)));
  return out;
}

function transpose(src: Float64Array, h: number, w: number, c: number): Float64Array {
  const out = new Float64Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) out[(x * h + y) * c + k] = src[(y * w + x) * c + k]!;
    }
  }
  return out;
}

// MATLAB rounds half away from zero; Math.round rounds half up: identical for non-negatives.
export function imresizeBicubic(
  data: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: number,
  scale: number,
): { data: Uint8Array; width: number; height: number } {
  const outH = Math.ceil(height * scale - 1e-9);
  const outW = Math.ceil(width * scale - 1e-9);
  const rows = resizeRows(Float64Array.from(data), height, width, channels, outH, scale);
  const cols = resizeRows(
    transpose(rows, outH, width, channels),
    width,
    outH,
    channels,
    outW,
    scale,
  );
  return {
    data: Uint8Array.from(transpose(cols, outW, outH, channels)),
    width: outW,
    height: outH,
  };
}

/** Crops (h, w, c) to a multiple of `scale` from the top-left, as the SR benchmarks do. */
export function cropToMultiple(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  scale: number,
): { data: Uint8Array; width: number; height: number } {
  const w = width - (width % scale);
  const h = height - (height % scale);
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++)
    out.set(data.subarray(y * width * channels, (y * width + w) * channels), y * w * channels);
  return { data: out, width: w, height: h };
}
