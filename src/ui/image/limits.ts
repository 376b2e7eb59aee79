/** How large an image each task takes, and why. Memory follows the tile while the network runs
 * (tiles blend in row bands), so the limit is the result itself: 4 bytes a pixel (RGBA, which
 * the canvas shows and the PNG is saved from) plus its canvas. */
import { TASK_INFO } from '../../engine/tasks';
import type { TaskName } from '../../engine/constants';

/** Output pixels we allow: a 64 MP result is 256 MB of RGBA plus its canvas (×2 of a 16 MP
 * photo, or a 48 MP phone photo denoised). */
export const MAX_OUTPUT_PIXELS = 64_000_000;
/** Pixels we allow any file to decode to at all (a bigger header is refused before decoding,
 * so a decompression bomb cannot take the tab down). */
export const MAX_DECODE_PIXELS = 100_000_000;

export function maxInputPixels(task: TaskName): number {
  return Math.floor(MAX_OUTPUT_PIXELS / TASK_INFO[task].scale ** 2);
}

const mp = (px: number) => `${(px / 1e6).toFixed(1)} MP`;

/** The largest size with the same aspect ratio that the task takes (the image's own if it fits). */
export function fitToTask(task: TaskName, width: number, height: number) {
  return fitToPixels(maxInputPixels(task), width, height);
}

/** The largest size with the same aspect ratio of at most `limit` pixels. */
export function fitToPixels(limit: number, width: number, height: number) {
  if (width * height <= limit) return { width, height };
  let k = Math.sqrt(limit / (width * height));
  // rounding may overshoot by a pixel's worth: step down until it fits
  while (Math.floor(width * k) * Math.floor(height * k) > limit) k *= 0.999;
  return { width: Math.max(1, Math.floor(width * k)), height: Math.max(1, Math.floor(height * k)) };
}

/** null when the image fits the task, else the message to show. */
export function sizeProblem(task: TaskName, width: number, height: number): string | null {
  const limit = maxInputPixels(task);
  if (width * height <= limit) return null;
  const s = TASK_INFO[task].scale;
  const why =
    s > 1
      ? ` (×${s} makes it ${mp(width * height * s * s)}; results are kept up to ${mp(MAX_OUTPUT_PIXELS)})`
      : ` (results are kept up to ${mp(MAX_OUTPUT_PIXELS)})`;
  const fit = fitToTask(task, width, height);
  return `This image is ${width}×${height} (${mp(width * height)}): too large for ${TASK_INFO[task].label}, which takes up to ${mp(limit)}${why}. Downscale it to ${fit.width}×${fit.height} to restore it.`;
}
