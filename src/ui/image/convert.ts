/** Pixel format conversions between the page (RGBA bytes) and the engine (RGB floats). */
import type { RgbBuffer } from '../../shared/protocol';

export function rgbaToRgbFloat(rgba: Uint8ClampedArray, width: number, height: number): RgbBuffer {
  const data = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    data[i * 3] = rgba[i * 4]! / 255;
    data[i * 3 + 1] = rgba[i * 4 + 1]! / 255;
    data[i * 3 + 2] = rgba[i * 4 + 2]! / 255;
  }
  return { width, height, data };
}

/** Alpha of (w, h) resized to (ow, oh), bilinear with half-pixel centres (as the network's base). */
export function resizeAlpha(
  rgba: Uint8ClampedArray,
  w: number,
  h: number,
  ow: number,
  oh: number,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ow * oh);
  for (let y = 0; y < oh; y++) {
    const sy = Math.min(h - 1, Math.max(0, ((y + 0.5) * h) / oh - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(h - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < ow; x++) {
      const sx = Math.min(w - 1, Math.max(0, ((x + 0.5) * w) / ow - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(w - 1, x0 + 1);
      const fx = sx - x0;
      const a = (yy: number, xx: number) => rgba[(yy * w + xx) * 4 + 3]!;
      out[y * ow + x] =
        (a(y0, x0) * (1 - fx) + a(y0, x1) * fx) * (1 - fy) +
        (a(y1, x0) * (1 - fx) + a(y1, x1) * fx) * fy;
    }
  }
  return out;
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
