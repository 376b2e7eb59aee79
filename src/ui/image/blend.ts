/** Strength on the page: a same-size result blended with its input (shared/blend.ts). */
import { blendBytes } from '../../shared/blend';
import type { Rgba } from '../../shared/pixels';

/** The blend at `strength` in [0, 1] (1: the output itself, 0: the input); alpha is the
 * output's. The output and the input must have the same size. */
export function blendWithInput(output: Rgba, input: Rgba, strength: number): Uint8ClampedArray {
  if (output.width !== input.width || output.height !== input.height)
    throw new Error('strength needs a result of the input’s size');
  if (strength >= 1) return output.rgba;
  return blendBytes(output.rgba, input.rgba, strength, 4);
}

/** A result as the user sees it: blended at `strength` when it has the input's size (the
 * same-size tasks), else the output itself (super-resolution has no strength). */
export function resultAsShown<T extends Rgba>(output: T, input: Rgba, strength: number): T {
  const sameSize = output.width === input.width && output.height === input.height;
  return sameSize && strength < 1
    ? { ...output, rgba: blendWithInput(output, input, strength) }
    : output;
}
