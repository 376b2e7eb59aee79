/** Byte layouts of pixels: RGBA (what a canvas gives and takes) and packed RGB (what the
 * metrics and the bicubic resize read). Plain loops: a subarray per pixel costs ~50 ns, which
 * is a 300 ms stall on a 6 MP image. Used on the page and in the worker. */

/** An RGBA image: row-major, 4 bytes a pixel. */
export interface Rgba {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export function rgbaToRgb8(rgba: Uint8ClampedArray): Uint8Array {
  const n = rgba.length / 4;
  const out = new Uint8Array(n * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    out[o] = rgba[i]!;
    out[o + 1] = rgba[i + 1]!;
    out[o + 2] = rgba[i + 2]!;
  }
  return out;
}

/** Packed RGB to RGBA, alpha from `alpha` (one value per pixel) or opaque. */
export function rgb8ToRgba(rgb: Uint8Array, alpha?: Uint8ClampedArray): Uint8ClampedArray {
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    out[o] = rgb[i * 3]!;
    out[o + 1] = rgb[i * 3 + 1]!;
    out[o + 2] = rgb[i * 3 + 2]!;
    out[o + 3] = alpha ? alpha[i]! : 255;
  }
  return out;
}

/** The alpha of a (w, h) image resized to (ow, oh), bilinear with half-pixel centres (as the
 * network's base): the last byte of every `stride` bytes, so RGBA (4) or an alpha plane (1). */
export function resizeAlpha(
  pixels: ArrayLike<number>,
  w: number,
  h: number,
  ow: number,
  oh: number,
  stride = 4,
): Uint8ClampedArray {
  const out = new Uint8ClampedArray(ow * oh);
  const a = (yy: number, xx: number) => pixels[(yy * w + xx) * stride + stride - 1]!;
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
      out[y * ow + x] =
        (a(y0, x0) * (1 - fx) + a(y0, x1) * fx) * (1 - fy) +
        (a(y1, x0) * (1 - fx) + a(y1, x1) * fx) * fy;
    }
  }
  return out;
}
