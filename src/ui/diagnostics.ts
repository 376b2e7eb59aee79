/** The paper's Figure 1, live: per-layer feature magnitude and channel entropy of LN and i-LN
 * on the user's own image (its central crop, so it runs in one pass on any backend). */
import { modelName, NORMS } from '../engine/constants';
import { activeVariant, modelRef } from './actions';
import { rgbaToRgbFloat } from './image/convert';
import type { DecodedImage } from './image/decode';
import { useAppStore } from './store';
import { pool } from './workers';

export const DIAG_CROP = 128;

export function centralCrop(img: DecodedImage, size = DIAG_CROP): DecodedImage {
  const w = Math.min(size, img.width);
  const h = Math.min(size, img.height);
  const x0 = Math.floor((img.width - w) / 2);
  const y0 = Math.floor((img.height - h) / 2);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    const from = ((y0 + y) * img.width + x0) * 4;
    rgba.set(img.rgba.subarray(from, from + w * 4), y * w * 4);
  }
  return { ...img, width: w, height: h, rgba };
}

export async function runDiagnostics(): Promise<void> {
  const { source, task, availableModels, setDiagRunning, setDiagStats, finishDiag } =
    useAppStore.getState();
  if (!source) return;
  const crop = centralCrop(source);
  setDiagRunning({ width: crop.width, height: crop.height });
  try {
    const variant = activeVariant();
    for (const norm of NORMS) {
      if (!availableModels.includes(modelName(task, norm, variant)))
        throw new Error(`No ${norm} model ships for ${task}.`);
      const image = rgbaToRgbFloat(crop.rgba, crop.width, crop.height);
      const ref = modelRef(task, norm, variant);
      await pool().load(ref);
      setDiagStats(norm, (await pool().primary.diagnose(ref, image)).stats);
    }
    finishDiag();
  } catch (e) {
    finishDiag(e instanceof Error ? e.message : String(e));
  }
}
