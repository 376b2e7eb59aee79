/** Pixel format conversions between the page (RGBA bytes) and the engine (RGB floats). */
import type { RgbBuffer } from '../../shared/protocol';
import { resizeAlpha } from '../../shared/pixels';

export function rgbaToRgbFloat(rgba: Uint8ClampedArray, width: number, height: number): RgbBuffer {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = rgba[i * 4]! / 255;
    data[i * 3 + 1] = rgba[i * 4 + 1]! / 255;
    data[i * 3 + 2] = rgba[i * 4 + 2]! / 255;
  }
  return { width, height, data };
}

/** Puts the source's alpha, resized to the result (bilinear, as the network's base), into the
 * result's alpha channel; an opaque source leaves the result opaque. */
export function carryAlpha(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  source: { rgba: Uint8ClampedArray; width: number; height: number; hasAlpha: boolean },
): void {
  if (!source.hasAlpha) return;
  const alpha = resizeAlpha(source.rgba, source.width, source.height, width, height);
  for (let i = 0; i < alpha.length; i++) rgba[i * 4 + 3] = alpha[i]!;
}

/** An ImageData over the pixels themselves (no copy): a large result is never duplicated. */
export function imageDataOf(p: { rgba: Uint8ClampedArray; width: number; height: number }) {
  return new ImageData(p.rgba as Uint8ClampedArray<ArrayBuffer>, p.width, p.height);
}
