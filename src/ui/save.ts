/** Results out of the app: PNG or JPEG encoding, file names and the browser download. */
import type { NormName, VariantName } from '../engine/constants';
import { pngChunk, pngWithChunk } from '../shared/containers';
import { exifForOutput, jpegWithExif } from '../shared/exif';
import { JPEG_QUALITY } from '../shared/jpeg-quality';
import { imageDataOf } from './image/convert';
import { storeChoice, storedChoice } from './stored-choice';

/** PNG keeps every pixel; JPEG at this quality is a fraction of the size, for photos. */
export type SaveFormat = 'png' | 'jpeg';
export const SAVE_FORMAT_LABEL: Record<SaveFormat, string> = { png: 'PNG', jpeg: 'JPEG' };

const KEY = 'iln-restore:save-as';

/** PNG (lossless, as before the choice existed) until the user picks JPEG. */
export function storedSaveFormat(): SaveFormat {
  return storedChoice(KEY, ['png', 'jpeg'], 'png');
}

export function storeSaveFormat(format: SaveFormat): void {
  storeChoice(KEY, format);
}

/** What a result is saved as: JPEG has no transparency, so an image with some stays PNG. */
export function formatFor(chosen: SaveFormat, hasAlpha: boolean): SaveFormat {
  return hasAlpha ? 'png' : chosen;
}

/** photo.jpg + sr-x2 + iln -> photo.sr-x2-photo.iln.png from a photo model, photo.sr-x2.iln.png
 * from a benchmark model (a "(downscaled …)" note is dropped; .jpg when saved as JPEG). Mirrors
 * the command line's. */
/** e.g. photo.sr-x2-photo.iln.png; a chain names every step: cat.dejpeg-photo+sr-x2-photo.iln.png. */
export function downloadName(
  sourceName: string,
  task: string | readonly string[],
  norm: NormName,
  variant: VariantName = 'benchmark',
  format: SaveFormat = 'png',
): string {
  const base = sourceName.replace(/ \(.*\)$/, '').replace(/\.[^.]+$/, '') || 'image';
  const ext = format === 'jpeg' ? 'jpg' : 'png';
  const steps = (typeof task === 'string' ? [task] : task).map((t) =>
    variant === 'photo' ? `${t}-photo` : t,
  );
  return `${base}.${steps.join('+')}.${norm}.${ext}`;
}

interface Rgba {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

export function encodePng(p: Rgba, exif: Uint8Array | null = null): Promise<Blob> {
  return encodeImage(p, 'png', exif);
}

/** The browser's own encoder: PNG, or JPEG at JPEG_QUALITY; from pixels or a decoded image;
 * with the input's EXIF, updated for the output (exifForOutput), when there is one. */
export async function encodeImage(
  p: Rgba | ImageBitmap,
  format: SaveFormat,
  exif: Uint8Array | null = null,
): Promise<Blob> {
  const canvas = new OffscreenCanvas(p.width, p.height);
  const ctx = canvas.getContext('2d')!;
  if (p instanceof ImageBitmap) ctx.drawImage(p, 0, 0);
  else ctx.putImageData(imageDataOf(p), 0, 0);
  const type = format === 'jpeg' ? 'image/jpeg' : 'image/png';
  const blob = await canvas.convertToBlob({ type, quality: JPEG_QUALITY / 100 });
  if (!exif) return blob;
  const block = exifForOutput(exif, p.width, p.height);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const tagged =
    format === 'jpeg' ? jpegWithExif(bytes, block) : pngWithChunk(bytes, pngChunk('eXIf', block));
  return new Blob([tagged], { type });
}

export function download(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
