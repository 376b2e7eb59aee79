import { describe, expect, it } from 'vitest';
import { parseStrength } from './common';

describe('--strength', () => {
  it('is a percentage, as the app slider, for same-size tasks', () => {
    expect(parseStrength(undefined, 'sr-x2')).toBe(1);
    expect(parseStrength('70', 'denoise')).toBeCloseTo(0.7);
    expect(parseStrength('0', 'derain')).toBe(0);
  });

  it('refuses a value outside 0-100 and super-resolution, in one sentence', () => {
    for (const bad of ['abc', '', '-5', '150'])
      expect(() => parseStrength(bad, 'denoise')).toThrow(
        `--strength must be a percentage from 0 to 100, got "${bad}"`,
      );
    expect(() => parseStrength('50', 'sr-x4')).toThrow(
      '--strength blends a result with its input, so it needs a same-size task (denoise, dejpeg, derain), not sr-x4',
    );
  });
});
