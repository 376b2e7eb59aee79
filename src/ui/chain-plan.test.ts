import { describe, expect, it } from 'vitest';
import { chainSizeProblem, stepWeights } from './chain-plan';
import { maxInputPixels } from './image/limits';

describe('a chain plan', () => {
  it('weighs each step by its output pixels', () => {
    const [dejpeg, x2] = stepWeights(['dejpeg', 'sr-x2'], 300, 200);
    expect(dejpeg! + x2!).toBeCloseTo(1, 10);
    expect(x2! / dejpeg!).toBeCloseTo(4, 10); // ×2 writes four times the pixels
    expect(stepWeights(['denoise'], 10, 10)).toEqual([1]);
  });

  it('refuses a chain whose later step gets an input too large for it', () => {
    const side = Math.floor(Math.sqrt(maxInputPixels('sr-x2'))) + 8;
    expect(chainSizeProblem(['dejpeg', 'sr-x2'], 300, 200)).toBeNull();
    expect(chainSizeProblem(['dejpeg', 'sr-x2'], side, side)).toMatch(
      /too large for Super-resolution ×2/,
    );
  });
});
