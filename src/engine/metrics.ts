/** PSNR and SSIM with the papers' conventions, as training/metrics.py: uint8 RGB inputs, luma is
 * BT.601 Y (16-235) computed in float, SSIM is Wang et al.'s 11x11 Gaussian (sigma 1.5), 'valid'. */

export type MetricSpace = 'y' | 'rgb';

interface Plane {
  width: number;
  height: number;
  channels: number;
  data: Float64Array;
}

function prepare(
  img: Uint8Array,
  width: number,
  height: number,
  border: number,
  space: MetricSpace,
): Plane {
  const w = width - 2 * border;
  const h = height - 2 * border;
  const channels = space === 'y' ? 1 : 3;
  const data = new Float64Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = ((y + border) * width + (x + border)) * 3;
      const o = (y * w + x) * channels;
      if (space === 'y') {
        data[o] = (65.481 * img[p]! + 128.553 * img[p + 1]! + 24.966 * img[p + 2]!) / 255 + 16;
      } else {
        data[o] = img[p]!;
        data[o + 1] = img[p + 1]!;
        data[o + 2] = img[p + 2]!;
      }
    }
  }
  return { width: w, height: h, channels, data };
}

export interface MetricInput {
  a: Uint8Array;
  b: Uint8Array;
  width: number;
  height: number;
  border?: number;
  space?: MetricSpace;
}

export function psnr({ a, b, width, height, border = 0, space = 'rgb' }: MetricInput): number {
  if (a.length !== b.length)
    throw new Error(`images differ in size: ${a.length} vs ${b.length} values`);
  const x = prepare(a, width, height, border, space);
  const y = prepare(b, width, height, border, space);
  let se = 0;
  for (let i = 0; i < x.data.length; i++) se += (x.data[i]! - y.data[i]!) ** 2;
  const mse = se / x.data.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

function gaussian(size = 11, sigma = 1.5): Float64Array {
  const g = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++)
    sum += g[i] = Math.exp(-((i - (size >> 1)) ** 2) / (2 * sigma * sigma));
  return g.map((v) => v / sum);
}

/** 'valid' separable Gaussian filter of one channel. */
function blur(
  p: Float64Array,
  w: number,
  h: number,
  g: Float64Array,
): { data: Float64Array; w: number; h: number } {
  const k = g.length;
  const tw = w - k + 1;
  const th = h - k + 1;
  const tmp = new Float64Array(h * tw);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < tw; x++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += g[i]! * p[y * w + x + i]!;
      tmp[y * tw + x] = s;
    }
  }
  const out = new Float64Array(th * tw);
  for (let y = 0; y < th; y++) {
    for (let x = 0; x < tw; x++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += g[i]! * tmp[(y + i) * tw + x]!;
      out[y * tw + x] = s;
    }
  }
  return { data: out, w: tw, h: th };
}

function ssimChannel(x: Float64Array, y: Float64Array, w: number, h: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const g = gaussian();
  const mul = (a: Float64Array, b: Float64Array) => a.map((v, i) => v * b[i]!);
  const mx = blur(x, w, h, g).data;
  const my = blur(y, w, h, g).data;
  const sxx = blur(mul(x, x), w, h, g).data;
  const syy = blur(mul(y, y), w, h, g).data;
  const sxy = blur(mul(x, y), w, h, g).data;
  let total = 0;
  for (let i = 0; i < mx.length; i++) {
    const vx = sxx[i]! - mx[i]! ** 2;
    const vy = syy[i]! - my[i]! ** 2;
    const cxy = sxy[i]! - mx[i]! * my[i]!;
    total +=
      ((2 * mx[i]! * my[i]! + c1) * (2 * cxy + c2)) /
      ((mx[i]! ** 2 + my[i]! ** 2 + c1) * (vx + vy + c2));
  }
  return total / mx.length;
}

export function ssim({ a, b, width, height, border = 0, space = 'rgb' }: MetricInput): number {
  const x = prepare(a, width, height, border, space);
  const y = prepare(b, width, height, border, space);
  const n = x.width * x.height;
  let sum = 0;
  for (let c = 0; c < x.channels; c++) {
    const pick = (p: Plane) =>
      Float64Array.from({ length: n }, (_, i) => p.data[i * p.channels + c]!);
    sum += ssimChannel(pick(x), pick(y), x.width, x.height);
  }
  return sum / x.channels;
}
