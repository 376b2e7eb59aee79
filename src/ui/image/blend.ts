/** Strength: a same-size result blended with its input, input + s · (output − input), so a
 * user can keep some of the original (grain, texture) without running the network again. */
import type { Rgba } from '../../shared/pixels';

/** The blend at `strength` in [0, 1] (1: the output itself, 0: the input); alpha is the
 * output's. The output and the input must have the same size. */
export function blendWithInput(output: Rgba, input: Rgba, strength: number): Uint8ClampedArray {
  if (output.width !== input.width || output.height !== input.height)
    throw new Error('strength needs a result of the input’s size');
  const s = Math.min(1, Math.max(0, strength));
  if (s === 1) return output.rgba;
  const out = new Uint8ClampedArray(output.rgba.length);
  const a = output.rgba;
  const b = input.rgba;
  for (let i = 0; i < a.length; i += 4) {
    out[i] = b[i]! + s * (a[i]! - b[i]!); // Uint8ClampedArray rounds half to even
    out[i + 1] = b[i + 1]! + s * (a[i + 1]! - b[i + 1]!);
    out[i + 2] = b[i + 2]! + s * (a[i + 2]! - b[i + 2]!);
    out[i + 3] = a[i + 3]!;
  }
  return out;
}

/** A result as the user sees it: blended at `strength` when it has the input's size (the
 * same-size tasks), else the output itself (super-resolution has no strength). */
export function resultAsShown<T extends Rgba>(output: T, input: Rgba, strength: number): T {
  const sameSize = output.width === input.width && output.height === input.height;
  return sameSize && strength < 1
    ? { ...output, rgba: blendWithInput(output, input, strength) }
    : output;
}
