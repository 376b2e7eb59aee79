/** EXIF orientation for the command line. A phone stores a portrait photo as landscape pixels
 * plus an Orientation tag; the app (createImageBitmap with imageOrientation 'from-image') and
 * training/ (Pillow's ImageOps.exif_transpose) both turn it upright, so the command line does
 * too, or a restored portrait photo would come out lying on its side. */
import { tiffEntry } from '../shared/containers';
import { exifRange } from '../shared/exif';
import type { ImageKind, Rgba8 } from './decoders';

/** The Orientation tag (1-8) of a file; 1 where there is none or it cannot be read. */
export function exifOrientation(kind: ImageKind, bytes: Uint8Array): number {
  const entry = tiffEntry(bytes, exifRange(kind, bytes)?.start ?? -1, 0x0112);
  if (!entry || entry.type !== 3) return 1; // a SHORT, left-justified in the value field
  const value = new DataView(bytes.buffer, bytes.byteOffset).getUint16(entry.at, entry.little);
  return value >= 1 && value <= 8 ? value : 1;
}

/** The source pixel of output pixel (x, y) for each orientation, for a w x h source. */
const SOURCE: Record<number, (x: number, y: number, w: number, h: number) => [number, number]> = {
  2: (x, y, w) => [w - 1 - x, y], // mirrored
  3: (x, y, w, h) => [w - 1 - x, h - 1 - y], // upside down
  4: (x, y, _w, h) => [x, h - 1 - y], // mirrored vertically
  5: (x, y) => [y, x], // transposed
  6: (x, y, _w, h) => [y, h - 1 - x], // stored turned 90° anticlockwise: turn clockwise
  7: (x, y, w, h) => [w - 1 - y, h - 1 - x], // transversed
  8: (x, y, w) => [w - 1 - y, x], // stored turned 90° clockwise: turn anticlockwise
};

/** The image as it is meant to be seen. */
export function orient(img: Rgba8, orientation: number): Rgba8 {
  const source = SOURCE[orientation];
  if (!source) return img;
  const swap = orientation >= 5;
  const [width, height] = swap ? [img.height, img.width] : [img.width, img.height];
  const data = new Uint8Array(width * height * 4);
  // a Buffer's view may start off a 4-byte boundary
  const aligned = img.data.byteOffset % 4 === 0 ? img.data : new Uint8Array(img.data); // a copy
  const src32 = new Uint32Array(aligned.buffer, aligned.byteOffset, img.width * img.height);
  const out32 = new Uint32Array(data.buffer);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [sx, sy] = source(x, y, img.width, img.height);
      out32[y * width + x] = src32[sy * img.width + sx]!;
    }
  return { width, height, data };
}
