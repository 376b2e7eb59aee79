/** Benchmark pairs for `npm run eval`, degraded as training/val_data.py does, or real pairs. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { cropToMultiple, imresizeBicubic } from '../engine/bicubic';
import { psnr, ssim } from '../engine/metrics';
import { normals } from '../engine/random';
import type { TaskInfo } from '../engine/tasks';
import { readImage, toUint8, type Rgb8 } from './image-io';
import { readNpy } from './npy';
import { floatOf, isPairFolder, listImages, loadRealPairs } from './pairs';

export const DEFAULT_DATA = join('..', 'shared', 'datasets');

export interface EvalPair {
  name: string;
  /** The degraded input as floats in [0, 1] (noise is not clipped, as in training). */
  input: { width: number; height: number; data: Float32Array };
  clean: Rgb8;
  /** What the user had: bicubic upscaling for SR, the degraded input otherwise. */
  baseline: Rgb8;
}

/** `--set` is a folder, or a name under <data>/val. Set5 keeps its images in HR/. */
export function resolveSet(set: string, data = DEFAULT_DATA): string {
  const folder = existsSync(set) ? set : join(data, 'val', set);
  if (!existsSync(folder))
    throw new Error(`evaluation set not found: ${set} (looked for ${folder})`);
  return existsSync(join(folder, 'HR')) ? join(folder, 'HR') : folder;
}

function jpegRoundtrip(img: Rgb8, quality: number): Rgb8 {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    rgba.set(img.data.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  const encoded = jpeg.encode({ data: rgba, width: img.width, height: img.height }, quality);
  const back = jpeg.decode(encoded.data, { useTArray: true, formatAsRGBA: false });
  return { width: back.width, height: back.height, data: back.data };
}

export interface Degradation {
  sigma?: number;
  quality?: number;
  /** No degradation: a same-size model gets the clean image and is scored against it (does it
   * leave a clean photo alone?), as training.evaluate does for derain on Kodak24. */
  clean?: boolean;
}

export async function loadPairs(
  task: TaskInfo,
  folder: string,
  d: Degradation,
  limit?: number,
): Promise<EvalPair[]> {
  if (d.clean && task.scale > 1) throw new Error('--clean is for same-size tasks');
  if (isPairFolder(folder) && !d.clean) {
    const pairs = await loadRealPairs(task, folder, limit);
    if (!d.quality) return pairs;
    // the input as a camera saves it (training.evaluate: a photo of rain is a JPEG)
    return pairs.map((pair) => {
      const jpg = jpegRoundtrip(toUint8(pair.input), d.quality!);
      const baseline =
        task.scale > 1 ? imresizeBicubic(jpg.data, jpg.width, jpg.height, 3, task.scale) : jpg;
      return { ...pair, input: floatOf(jpg), baseline };
    });
  }
  const images = await Promise.all(
    listImages(folder)
      .slice(0, limit)
      .map(async (name) => ({ name, full: await readImage(join(folder, name)) })),
  );
  return images.map(({ name, full }, i) => {
    const clean = cropToMultiple(full.data, full.width, full.height, 3, task.scale);
    if (d.clean) return { name, input: floatOf(clean), clean, baseline: clean };
    if (task.scale > 1) {
      const lr = imresizeBicubic(clean.data, clean.width, clean.height, 3, 1 / task.scale);
      const baseline = imresizeBicubic(lr.data, lr.width, lr.height, 3, task.scale);
      return { name, input: floatOf(lr), clean, baseline };
    }
    if (task.name === 'denoise') {
      const sigma = (d.sigma ?? 25) / 255;
      const noise = normals(clean.data.length, 1000 + i);
      const data = Float32Array.from(clean.data, (v, k) => v / 255 + sigma * noise[k]!);
      const baseline = Uint8Array.from(data, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
      return { name, input: { ...clean, data }, clean, baseline: { ...clean, data: baseline } };
    }
    const jpg = jpegRoundtrip(clean, d.quality ?? 20);
    return { name, input: floatOf(jpg), clean, baseline: jpg };
  });
}

/** PSNR/SSIM with the papers' conventions: SR on Y with a border of `scale`, else as the task says. */
export function score(task: TaskInfo, out: Rgb8, clean: Rgb8): { psnr: number; ssim: number } {
  const args = {
    a: out.data,
    b: clean.data,
    width: clean.width,
    height: clean.height,
    border: task.scale > 1 ? task.scale : 0,
    space: task.space,
  };
  return { psnr: psnr(args), ssim: ssim(args) };
}

/** Replaces each pair's degraded input with the one training.evaluate --save-inputs wrote
 * (<folder>/<image>.npy), so both evaluators score identical pixels (JPEG and noise included). */
export function withSavedInputs(task: TaskInfo, pairs: EvalPair[], folder: string): EvalPair[] {
  return pairs.map((pair) => {
    const file = join(folder, `${pair.name}.npy`);
    if (!existsSync(file)) throw new Error(`${file}: no saved input for ${pair.name}`);
    const { shape, data } = readNpy(file);
    const [h, w] = [pair.clean.height / task.scale, pair.clean.width / task.scale];
    if (shape.join() !== [h, w, 3].join())
      throw new Error(`${file}: shape (${shape.join(', ')}), expected (${h}, ${w}, 3)`);
    const input = { width: w, height: h, data };
    const lq = toUint8(input);
    const baseline = task.scale > 1 ? { ...imresizeBicubic(lq.data, w, h, 3, task.scale) } : lq;
    return { ...pair, input, baseline };
  });
}
