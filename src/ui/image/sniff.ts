/** Recognises an image by its first bytes and reads its size from the header alone, so a
 * huge image (or a decompression bomb) is refused before any pixel is decoded. */

import { heifKind, heifSize } from '../../shared/heif';

export type ImageKind = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'avif';

export interface ImageHeader {
  kind: ImageKind;
  width: number;
  height: number;
}

export class ImageInputError extends Error {
  override name = 'ImageInputError';
}

const ascii = (b: Uint8Array, at: number, n: number) =>
  String.fromCharCode(...b.subarray(at, at + n));

export function sniffKind(b: Uint8Array): ImageKind | 'svg' | 'heic' | null {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && ascii(b, 0, 4) === 'GIF8') return 'gif';
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return 'bmp';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'webp';
  const heif = heifKind(b);
  if (heif) return heif;
  const head = new TextDecoder().decode(b.subarray(0, 512)).trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
  return null;
}

function jpegSize(b: Uint8Array, v: DataView): [number, number] | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = v.getUint16(i + 2);
    // SOF0..SOF15 except DHT (c4), JPG (c8), DAC (cc) carry the frame size
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return [v.getUint16(i + 7), v.getUint16(i + 5)];
    }
    i += 2 + len;
  }
  return null;
}

function webpSize(b: Uint8Array, v: DataView): [number, number] | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8 ' && b.length >= 30)
    return [v.getUint16(26, true) & 0x3fff, v.getUint16(28, true) & 0x3fff];
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = v.getUint32(21, true);
    return [(bits & 0x3fff) + 1, ((bits >> 14) & 0x3fff) + 1];
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16));
    const h = 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16));
    return [w, h];
  }
  return null;
}

/** The image's kind and size, or an ImageInputError that says what is wrong. */
export function readHeader(bytes: Uint8Array, name = 'The file'): ImageHeader {
  if (bytes.length === 0) throw new ImageInputError(`${name} is empty (0 bytes).`);
  const kind = sniffKind(bytes);
  if (kind === 'svg') {
    throw new ImageInputError(
      `${name} is an SVG drawing: it has no pixels to restore. Export it as PNG first.`,
    );
  }
  if (kind === 'heic') {
    throw new ImageInputError(
      `${name} is a HEIC photo (what iPhones save), which browsers cannot decode: export it as JPEG first.`,
    );
  }
  if (!kind)
    throw new ImageInputError(
      `${name} is not an image this app reads (PNG, JPEG, WebP, AVIF, BMP or GIF).`,
    );
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let size: [number, number] | null = null;
  try {
    if (kind === 'png' && bytes.length >= 24) size = [v.getUint32(16), v.getUint32(20)];
    if (kind === 'gif' && bytes.length >= 10) size = [v.getUint16(6, true), v.getUint16(8, true)];
    if (kind === 'bmp' && bytes.length >= 26)
      size = [Math.abs(v.getInt32(18, true)), Math.abs(v.getInt32(22, true))];
    if (kind === 'jpeg') size = jpegSize(bytes, v);
    if (kind === 'webp') size = webpSize(bytes, v);
    if (kind === 'avif') size = heifSize(bytes);
  } catch {
    size = null;
  }
  if (!size || !(size[0] > 0) || !(size[1] > 0)) {
    throw new ImageInputError(
      `${name} looks like ${kind === 'avif' ? 'an' : 'a'} ${kind.toUpperCase()} but its header is corrupt or truncated.`,
    );
  }
  return { kind, width: size[0], height: size[1] };
}
