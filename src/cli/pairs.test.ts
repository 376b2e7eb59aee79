import { describe, expect, it } from 'vitest';
import { taskInfo } from '../engine/tasks';
import { areaDownscale, preparePair } from './pairs';

const img = (width: number, height: number, f = (i: number) => (i * 37) % 256) => ({
  width,
  height,
  data: Uint8Array.from({ length: width * height * 3 }, (_, i) => f(i)),
});

describe('real pairs, prepared as training/val_data.py prepares them', () => {
  it('area downscale is the block mean rounded half up', () => {
    const src = {
      width: 2,
      height: 2,
      data: Uint8Array.from([1, 0, 0, 2, 0, 0, 2, 0, 0, 2, 0, 0]),
    };
    expect(Array.from(areaDownscale(src, 2).data)).toEqual([2, 0, 0]); // 7/4 = 1.75 -> 2
    const half = { width: 2, height: 1, data: Uint8Array.from([1, 0, 0, 2, 0, 0]) };
    expect(areaDownscale({ ...half, height: 1 }, 1).data[0]).toBe(1);
  });

  it('SR: an input as large as its target is reduced by area, a small one kept', () => {
    const target = img(31, 20);
    const { input, target: hr } = preparePair(taskInfo('sr-x2'), 'a', img(31, 20), target);
    expect([input.width, input.height, hr.width, hr.height]).toEqual([15, 10, 30, 20]);
    const small = img(15, 10);
    expect(preparePair(taskInfo('sr-x2'), 'b', small, target).input).toBe(small);
    expect(() => preparePair(taskInfo('sr-x2'), 'c', img(7, 7), target)).toThrow(
      "c: for x2 the input must be the target's size or 1/2 of it, got 7x7 for 31x20",
    );
  });

  it('same-size tasks need equal sizes', () => {
    expect(() => preparePair(taskInfo('denoise'), 'd', img(7, 7), img(30, 21))).toThrow(
      'd: input 7x7 and target 30x21 differ in size',
    );
  });
});
