import { describe, expect, it } from 'vitest';
import { blendBytes } from './blend';

describe('blendBytes on RGB (the command line)', () => {
  it('moves each byte from the input toward the output, rounding half to even', () => {
    const output = [200, 100, 0, 11, 20, 30];
    const input = [100, 100, 100, 10, 20, 10];
    expect(Array.from(blendBytes(output, input, 0.5, 3))).toEqual([150, 100, 50, 10, 20, 20]);
    expect(Array.from(blendBytes(output, input, 0, 3))).toEqual(input);
    expect(Array.from(blendBytes(output, input, 1, 3))).toEqual(output);
  });
});
