/** EXIF orientation for the command line. A phone stores a portrait photo as landscape pixels
 * plus an Orientation tag; the app (createImageBitmap with imageOrientation 'from-image') and
 * training/ (Pillow's ImageOps.exif_transpose) both turn it upright, so the command line does
 * too, or a restored portrait photo would come out lying on its side. */
import type { ImageKind, Rgba8 } from './decoders';

const ascii = (bytes: Uint8Array, at: number, s: string) =>
  at + s.length <= bytes.length && [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** Where the Exif block (a little TIFF file) starts, or -1: JPEG's APP1 "Exif" segment, PNG's
 * eXIf chunk, WebP's EXIF chunk; a TIFF file carries the tag in its own first IFD. */
export function exifStart(kind: ImageKind, bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'tiff') return 0;
  if (kind === 'jpeg') {
    for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff;) {
      const marker = bytes[at + 1]!;
      if (marker === 0xda || marker === 0xd9) return -1; // image data: no more metadata
      if (marker === 0xe1 && ascii(bytes, at + 4, 'Exif\0\0')) return at + 10;
      at += 2 + view.getUint16(at + 2);
    }
  } else if (kind === 'png') {
    for (let at = 8; at + 8 <= bytes.length; at += 12 + view.getUint32(at)) {
      if (ascii(bytes, at + 4, 'eXIf')) return at + 8;
      if (ascii(bytes, at + 4, 'IEND')) return -1;
    }
  } else if (kind === 'webp') {
    for (let at = 12; at + 8 <= bytes.length; at += 8 + ((view.getUint32(at + 4, true) + 1) & ~1)) {
      // some writers keep JPEG's "Exif\0\0" prefix inside the chunk
      if (ascii(bytes, at, 'EXIF')) return at + (ascii(bytes, at + 8, 'Exif\0\0') ? 14 : 8);
    }
  }
  return -1;
}

/** The Orientation tag (1-8) of a file; 1 where there is none or it cannot be read. */
export function exifOrientation(kind: ImageKind, bytes: Uint8Array): number {
  const start = exifStart(kind, bytes);
  if (start < 0 || start + 8 > bytes.length) return 1;
  const little = ascii(bytes, start, 'II');
  if (!little && !ascii(bytes, start, 'MM')) return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  const u16 = (at: number) => view.getUint16(at, little);
  if (u16(2) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return 1;
  const count = u16(ifd);
  for (let i = 0; i < count && ifd + 14 + i * 12 <= view.byteLength; i++) {
    const entry = ifd + 2 + i * 12;
    if (u16(entry) !== 0x0112) continue;
    const value = u16(entry + 8); // a SHORT, left-justified in the value field
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
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
  const aligned = img.data.byteOffset % 4 === 0 ? img.data : img.data.slice(); // a Buffer view may not be
  const src32 = new Uint32Array(aligned.buffer, aligned.byteOffset, img.width * img.height);
  const out32 = new Uint32Array(data.buffer);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [sx, sy] = source(x, y, img.width, img.height);
      out32[y * width + x] = src32[sy * img.width + sx]!;
    }
  return { width, height, data };
}
