/** Results out of the app: PNG encoding, file names and the browser download. */
import type { NormName, VariantName } from '../engine/constants';
import { imageDataOf } from './image/convert';

/** photo.jpg + sr-x2 + iln -> photo.sr-x2-photo.iln.png from a photo model, photo.sr-x2.iln.png
 * from a benchmark model (a "(downscaled …)" note is dropped). Mirrors the command line's. */
export function downloadName(
  sourceName: string,
  task: string,
  norm: NormName,
  variant: VariantName = 'benchmark',
): string {
  const base = sourceName.replace(/ \(.*\)$/, '').replace(/\.[^.]+$/, '') || 'image';
  return `${base}.${variant === 'photo' ? `${task}-photo` : task}.${norm}.png`;
}

export async function encodePng(p: {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}): Promise<Blob> {
  const canvas = new OffscreenCanvas(p.width, p.height);
  canvas.getContext('2d')!.putImageData(imageDataOf(p), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

export function download(blob: Blob, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
