/** Where two images differ: per pixel the mean of |a − b| over R, G and B, multiplied by a gain
 * and drawn through a colour scale (black, violet, orange, pale yellow: dark where they agree),
 * with the PSNR between them over all RGB values (the PSNR of the two outputs). */
import type { Rgba } from './pixels';

/** The gains offered: LN and i-LN outputs differ by about one grey level (39-50 dB apart), what a
 * model changed in its input by tens of levels. */
export const DIFF_GAINS = [1, 4, 16, 64] as const;
export type DiffGain = (typeof DIFF_GAINS)[number];
export const DEFAULT_GAIN = { models: 16, change: 4 } as const satisfies Record<string, DiffGain>;

// the scale's stops, from 0 (no difference) to 255 (a gained difference of 255 or more)
const STOPS: readonly (readonly [number, number, number])[] = [
  [0, 0, 0],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

/** 256 RGB colours along the scale. */
function buildScale(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  const spans = STOPS.length - 1;
  for (let v = 0; v < 256; v++) {
    const t = (v / 255) * spans;
    const i = Math.min(spans - 1, Math.floor(t));
    const f = t - i;
    for (let c = 0; c < 3; c++)
      lut[v * 3 + c] = STOPS[i]![c]! + f * (STOPS[i + 1]![c]! - STOPS[i]![c]!);
  }
  return lut;
}

export const DIFF_SCALE = buildScale();

/** The CSS gradient of the scale, for its legend. */
export const DIFF_SCALE_CSS = `linear-gradient(to right, ${STOPS.map((s) => `rgb(${s.join(' ')})`).join(', ')})`;

export interface Difference extends Rgba {
  /** PSNR (dB) between the two images over every R, G and B value; Infinity if identical. */
  psnr: number;
  gain: number;
}

export function differenceMap(a: Rgba, b: Rgba, gain: number): Difference {
  if (a.width !== b.width || a.height !== b.height)
    throw new Error('a difference needs two images of one size');
  const rgba = new Uint8ClampedArray(a.width * a.height * 4);
  const x = a.rgba;
  const y = b.rgba;
  let se = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    const dr = x[i]! - y[i]!;
    const dg = x[i + 1]! - y[i + 1]!;
    const db = x[i + 2]! - y[i + 2]!;
    se += dr * dr + dg * dg + db * db;
    const v = Math.min(255, Math.round((gain * (Math.abs(dr) + Math.abs(dg) + Math.abs(db))) / 3));
    rgba[i] = DIFF_SCALE[v * 3]!;
    rgba[i + 1] = DIFF_SCALE[v * 3 + 1]!;
    rgba[i + 2] = DIFF_SCALE[v * 3 + 2]!;
    rgba[i + 3] = 255;
  }
  const mse = se / ((rgba.length / 4) * 3);
  const psnr = mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
  return { width: a.width, height: a.height, rgba, psnr, gain };
}
