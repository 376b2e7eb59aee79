/** Real pairs for `npm run eval` (a folder with input/ and target/, matching names), prepared
 * exactly as training/val_data.py prepares them, so both evaluators score the same pixels. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cropToMultiple, imresizeBicubic } from '../engine/bicubic';
import type { TaskInfo } from '../engine/tasks';
import { readImage, type Rgb8 } from './image-io';

const IMAGE = /\.(png|jpe?g|bmp|tiff?|webp)$/i;

export const listImages = (folder: string) =>
  readdirSync(folder)
    .filter((f) => IMAGE.test(f))
    .sort();

export function floatOf(img: Rgb8) {
  return {
    width: img.width,
    height: img.height,
    data: Float32Array.from(img.data, (v) => v / 255),
  };
}

export const isPairFolder = (folder: string) =>
  existsSync(join(folder, 'input')) && existsSync(join(folder, 'target'));

/** --pairs DIR: the folder itself, checked for input/ and target/. */
export function pairFolder(dir: string): string {
  if (!existsSync(dir)) throw new Error(`--pairs: ${dir} does not exist`);
  if (!isPairFolder(dir))
    throw new Error(`--pairs: ${dir} needs an input/ and a target/ folder with matching names`);
  return dir;
}

/** The mean of each s x s block, rounded half up in integers (as val_data.area_downscale). */
export function areaDownscale(img: Rgb8, s: number): Rgb8 {
  const w = Math.floor(img.width / s);
  const h = Math.floor(img.height / s);
  const data = new Uint8Array(w * h * 3);
  const n = s * s;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < s; dy++)
          for (let dx = 0; dx < s; dx++)
            sum += img.data[((y * s + dy) * img.width + x * s + dx) * 3 + c]!;
        data[(y * w + x) * 3 + c] = Math.floor((2 * sum + n) / (2 * n));
      }
  return { width: w, height: h, data };
}

const size = (img: Rgb8) => `${img.width}x${img.height}`;

/** Same-size tasks need equal sizes. SR: the target is cropped to a multiple of the scale; an
 * input as large as the target (an upsampled, registered shot, as City100) is reduced by area
 * averaging over scale x scale blocks, one 1/scale of it is used as it is. */
export function preparePair(task: TaskInfo, name: string, input: Rgb8, target: Rgb8) {
  const s = task.scale;
  if (s === 1) {
    if (input.width !== target.width || input.height !== target.height)
      throw new Error(`${name}: input ${size(input)} and target ${size(target)} differ in size`);
    return { input, target };
  }
  const crop = (img: Rgb8) => cropToMultiple(img.data, img.width, img.height, 3, s);
  const lr =
    input.width === target.width && input.height === target.height
      ? areaDownscale(crop(input), s)
      : input;
  const hr = crop(target);
  if (lr.width * s !== hr.width || lr.height * s !== hr.height)
    throw new Error(
      `${name}: for x${s} the input must be the target's size or 1/${s} of it, got ${size(input)} for ${size(target)}`,
    );
  return { input: lr, target: hr };
}

export async function loadRealPairs(task: TaskInfo, folder: string, limit?: number) {
  const names = listImages(join(folder, 'target')).slice(0, limit);
  if (!names.length) throw new Error(`${join(folder, 'target')} holds no image`);
  const pairs = [];
  for (const name of names) {
    const src = join(folder, 'input', name);
    if (!existsSync(src)) throw new Error(`${src}: no input for target ${name}`);
    const raw = [await readImage(src), await readImage(join(folder, 'target', name))] as const;
    const { input, target } = preparePair(task, name, ...raw);
    const baseline =
      task.scale > 1
        ? imresizeBicubic(input.data, input.width, input.height, 3, task.scale)
        : input;
    pairs.push({ name, input: floatOf(input), clean: target, baseline });
  }
  return pairs;
}
