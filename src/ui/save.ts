/** Results out of the app: PNG encoding, file names and the browser download. */
import type { NormName } from '../engine/constants';
import { imageDataOf } from './image/convert';

/** photo.jpg + sr-x2 + iln -> photo.sr-x2.iln.png (a "(downscaled …)" note is dropped). */
export function downloadName(sourceName: string, task: string, norm: NormName): string {
  const base = sourceName.replace(/ \(.*\)$/, '').replace(/\.[^.]+$/, '') || 'image';
  return `${base}.${task}.${norm}.png`;
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
