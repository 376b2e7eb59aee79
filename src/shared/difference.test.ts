import { describe, expect, it } from 'vitest';
import { psnr } from '../engine/metrics';
import { DIFF_SCALE, differenceMap } from './difference';

const img = (values: number[]) => ({
  width: values.length / 4,
  height: 1,
  rgba: Uint8ClampedArray.from(values),
});
const rgb = (rgba: Uint8ClampedArray) =>
  Uint8Array.from(Array.from(rgba).filter((_, i) => i % 4 !== 3));

describe('difference', () => {
  const a = img([200, 100, 0, 255, 10, 20, 30, 255, 5, 5, 5, 0]);
  const b = img([196, 104, 4, 255, 10, 20, 30, 128, 0, 0, 0, 255]);

  it('maps the mean |a − b| times the gain through the scale, opaque', () => {
    const d = differenceMap(a, b, 16);
    // pixel 0: mean |Δ| 4, gained 64; pixel 1: no difference (black); pixel 2: 5 → 80
    expect(Array.from(d.rgba.slice(0, 4))).toEqual([...DIFF_SCALE.slice(64 * 3, 65 * 3), 255]);
    expect(Array.from(d.rgba.slice(4, 8))).toEqual([0, 0, 0, 255]);
    expect(Array.from(d.rgba.slice(8, 12))).toEqual([...DIFF_SCALE.slice(80 * 3, 81 * 3), 255]);
  });

  it('saturates at the top of the scale', () => {
    const d = differenceMap(img([255, 255, 255, 255]), img([0, 0, 0, 255]), 4);
    expect(Array.from(d.rgba.slice(0, 3))).toEqual(Array.from(DIFF_SCALE.slice(255 * 3)));
  });

  it('gives the PSNR between the two images over RGB, as the evaluation computes it', () => {
    const d = differenceMap(a, b, 1);
    expect(d.psnr).toBeCloseTo(psnr({ a: rgb(a.rgba), b: rgb(b.rgba), width: 3, height: 1 }), 10);
    expect(differenceMap(a, a, 1).psnr).toBe(Infinity);
  });

  it('refuses images of different sizes', () => {
    expect(() => differenceMap(a, img([0, 0, 0, 0]), 1)).toThrow(/one size/);
  });
});
