/** File -> pixels, safely: the header is checked (type, size) before anything is decoded, EXIF
 * orientation is honoured, GIFs give their first frame, alpha and the EXIF block are kept. */
import { ImageInputError, readHeader } from './sniff';
import { MAX_DECODE_PIXELS } from './limits';
import { exifBlock } from '../../shared/exif';

export interface DecodedImage {
  name: string;
  width: number;
  height: number;
  /** RGBA, row-major. */
  rgba: Uint8ClampedArray;
  hasAlpha: boolean;
  /** The file's EXIF block (date taken, camera...), carried into what is saved; absent for a
   * made image (a degraded copy, the drawn samples). */
  exif?: Uint8Array | null;
}

export function hasTransparency(rgba: Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return true;
  return false;
}

export function pixelsOf(bitmap: ImageBitmap | OffscreenCanvas): Uint8ClampedArray {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

export async function decodeFile(file: Blob, name: string): Promise<DecodedImage> {
  const head = new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer());
  const header = readHeader(head, `"${name}"`);
  if (header.width * header.height > MAX_DECODE_PIXELS) {
    throw new ImageInputError(
      `"${name}" is ${header.width}×${header.height} pixels: more than this app will decode (${MAX_DECODE_PIXELS / 1e6} MP), so it was not opened.`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, {
      imageOrientation: 'from-image',
      premultiplyAlpha: 'none',
    });
  } catch {
    throw new ImageInputError(
      `"${name}" could not be decoded: the ${header.kind.toUpperCase()} file is corrupt or truncated.`,
    );
  }
  try {
    const rgba = pixelsOf(bitmap);
    return {
      name,
      width: bitmap.width,
      height: bitmap.height,
      rgba,
      hasAlpha: hasTransparency(rgba),
      exif: exifBlock(header.kind, head), // JPEG and WebP keep it near the start
    };
  } finally {
    bitmap.close();
  }
}
