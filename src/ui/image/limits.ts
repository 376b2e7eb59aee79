/** How large an input each task accepts, and why: the result is held as float32 RGB on the
 * CPU while tiles are blended (12 bytes per output pixel), plus an RGBA canvas for display. */
import { TASK_INFO } from '../../engine/tasks';
import type { TaskName } from '../../engine/constants';

/** Output pixels we allow: 16 MP is ~200 MB of blending buffers plus its canvas. */
export const MAX_OUTPUT_PIXELS = 16_000_000;
/** Pixels we allow any file to decode to at all (a bigger header is refused before decoding). */
export const MAX_DECODE_PIXELS = 40_000_000;

export function maxInputPixels(task: TaskName): number {
  return Math.floor(MAX_OUTPUT_PIXELS / TASK_INFO[task].scale ** 2);
}

const mp = (px: number) => `${(px / 1e6).toFixed(1)} MP`;

/** null when the image fits the task, else the message to show. */
export function sizeProblem(task: TaskName, width: number, height: number): string | null {
  const limit = maxInputPixels(task);
  if (width * height <= limit) return null;
  const s = TASK_INFO[task].scale;
  const why =
    s > 1
      ? ` (×${s} makes it ${mp(width * height * s * s)}; the app keeps results up to ${mp(MAX_OUTPUT_PIXELS)} in memory)`
      : ` (results are kept in memory up to ${mp(MAX_OUTPUT_PIXELS)})`;
  return `This image is ${width}×${height} (${mp(width * height)}): too large for ${TASK_INFO[task].label}, which takes up to ${mp(limit)}${why}. Crop or downscale it first.`;
}
