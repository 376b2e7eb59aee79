/** Strength: a same-size result blended with its input, input + s · (output − input), so a user
 * keeps some of the original (grain, texture) without running the network again. One formula
 * for the app (RGBA) and the command line (RGB). */

/** The blend at `strength` in [0, 1] (1: the output itself, 0: the input), byte by byte and
 * rounded half to even (a Uint8ClampedArray's rounding), over pixels `stride` bytes apart whose
 * first three bytes are colour; a fourth (alpha) is the output's. Same-size images only. */
export function blendBytes(
  output: ArrayLike<number>,
  input: ArrayLike<number>,
  strength: number,
  stride: 3 | 4,
): Uint8ClampedArray {
  if (output.length !== input.length)
    throw new Error('strength needs a result of the input’s size');
  const s = Math.min(1, Math.max(0, strength));
  const out = new Uint8ClampedArray(output.length);
  for (let i = 0; i < output.length; i += stride) {
    for (let c = 0; c < 3; c++) out[i + c] = input[i + c]! + s * (output[i + c]! - input[i + c]!);
    if (stride === 4) out[i + 3] = output[i + 3]!;
  }
  return out;
}
