import { describe, expect, it } from 'vitest';
import { blendWithInput } from './blend';

const img = (values: number[]) => ({
  width: values.length / 4,
  height: 1,
  rgba: Uint8ClampedArray.from(values),
});

describe('strength', () => {
  const output = img([200, 100, 0, 255, 10, 20, 30, 128]);
  const input = img([100, 100, 100, 255, 30, 20, 10, 255]);

  it('is the output at 100 %, the input at 0 % (with the output’s alpha)', () => {
    expect(blendWithInput(output, input, 1)).toBe(output.rgba);
    expect(Array.from(blendWithInput(output, input, 0))).toEqual([
      100, 100, 100, 255, 30, 20, 10, 128,
    ]);
  });

  it('moves each channel from the input toward the output', () => {
    expect(Array.from(blendWithInput(output, input, 0.5))).toEqual([
      150, 100, 50, 255, 20, 20, 20, 128,
    ]);
  });

  it('refuses a result of another size (super-resolution)', () => {
    expect(() => blendWithInput(img([0, 0, 0, 0, 0, 0, 0, 0]), img([0, 0, 0, 0]), 0.5)).toThrow(
      /input’s size/,
    );
  });
});
