import { expect, it } from 'vitest';
import { flopsPerOutputPixel } from './cost';

it('counts multiply-adds per output pixel from the architecture', () => {
  const arch = {
    version: 1,
    dim: 4,
    groups: 1,
    depth: 1,
    heads: 1,
    window: 2,
    mlpRatio: 2,
    scale: 1,
    norm: 'iln' as const,
    unshuffle: 1 as const,
  };
  // conv_first 9*3*4=108; layer: qkv 48 + proj 16 + attention 2*4*4=32 + mlp 2*4*8=64 = 160;
  // group conv 144; conv_after_body 144; conv_last 9*4*3=108 -> 664 MACs per pixel
  expect(flopsPerOutputPixel(arch)).toBe(2 * 664);
  expect(flopsPerOutputPixel({ ...arch, scale: 2 })).toBe((2 * (664 - 108 + 9 * 4 * 12)) / 4);
  // half resolution: conv_first 9*12*4=432 and conv_last 9*4*12=432 on a quarter of the pixels
  const half = 664 - 2 * 108 + 2 * 432;
  expect(flopsPerOutputPixel({ ...arch, unshuffle: 2 })).toBe((2 * half) / 4);
});
