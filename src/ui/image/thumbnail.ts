/** Small previews of an image (the loaded file, the queue's entries), drawn by the browser's
 * own scaler so a 48 MP photo never gets a second full-size canvas. */
import { imageDataOf } from './convert';

/** The size that fits `max` × `max` (never enlarged). */
export function fitWithin(width: number, height: number, max: number) {
  const k = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) };
}

export async function thumbnail(
  img: { rgba: Uint8ClampedArray; width: number; height: number },
  max: number,
): Promise<ImageBitmap> {
  const size = fitWithin(img.width, img.height, max);
  return createImageBitmap(imageDataOf(img), {
    resizeWidth: size.width,
    resizeHeight: size.height,
    resizeQuality: 'medium',
  });
}
