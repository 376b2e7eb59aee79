/** "Degrade it first": apply the degradation the chosen model was trained for to a clean image,
 * so the restoration can be scored against the original. Benchmark models: the task's own
 * (training/degrade.py: bicubic is bit-identical; noise, JPEG and rain follow the same recipe
 * with the browser's own encoder and random numbers). Photo models: one typical photo case, the
 * one each is validated on (src/shared/tasks.json): a thumbnail saved as JPEG,
 * noise then JPEG, rain then JPEG. */
import { cropToMultiple, imresizeBicubic } from '../../engine/bicubic';
import { TASKS, type TaskName, type VariantName } from '../../engine/constants';
import { SHARED_TASKS, TASK_INFO } from '../../engine/tasks';
import { normals, uniforms } from '../../engine/random';
import { pixelsOf, type DecodedImage } from './decode';
import { rgb8ToRgba, rgbaToRgb8 } from '../../shared/pixels';

export interface DegradeSettings {
  sigma: number; // denoise, 0-255 scale
  quality: number; // dejpeg, 1-100
  seed: number;
}

export const DEFAULT_DEGRADE: DegradeSettings = { sigma: 25, quality: 20, seed: 1 };

/** The photo models' typical cases (src/shared/tasks.json, training's too): synthetic rain if
 * `rain` (Rain100H's inputs carry theirs there), Gaussian noise of `sigma` (none for SR, where
 * the image is first downscaled), then JPEG at `quality`. */
export const PHOTO_CASES: Partial<
  Record<TaskName, { sigma: number; quality: number; rain?: boolean }>
> = Object.fromEntries(
  TASKS.flatMap((task) => {
    const c = SHARED_TASKS[task]?.photo_case;
    if (!c) return [];
    const rain = c.set === 'Rain100H' ? { rain: true } : {};
    return [[task, { sigma: c.degrade.sigma ?? 0, quality: c.degrade.quality, ...rain }]];
  }),
);

export interface DegradedPair {
  /** What the network gets. */
  degraded: DecodedImage;
  /** The clean image cropped to match, for PSNR/SSIM. */
  reference: DecodedImage;
}

function withPixels(
  img: DecodedImage,
  width: number,
  height: number,
  rgba: Uint8ClampedArray,
  suffix: string,
): DecodedImage {
  return { name: `${img.name}${suffix}`, width, height, rgba, hasAlpha: img.hasAlpha };
}

function alphaPlane(img: DecodedImage): Uint8Array {
  const a = new Uint8Array(img.width * img.height * 3);
  for (let i = 0; i < img.width * img.height; i++) a.fill(img.rgba[i * 4 + 3]!, i * 3, i * 3 + 3);
  return a;
}

function downscale(img: DecodedImage, s: number): DegradedPair {
  const rgb = cropToMultiple(rgbaToRgb8(img.rgba), img.width, img.height, 3, s);
  const alpha = cropToMultiple(alphaPlane(img), img.width, img.height, 3, s);
  const reference = withPixels(
    img,
    rgb.width,
    rgb.height,
    rgb8ToRgba(rgb.data, everyThird(alpha.data)),
    '',
  );
  const lr = imresizeBicubic(rgb.data, rgb.width, rgb.height, 3, 1 / s);
  const lrAlpha = imresizeBicubic(alpha.data, alpha.width, alpha.height, 3, 1 / s);
  return {
    degraded: withPixels(
      img,
      lr.width,
      lr.height,
      rgb8ToRgba(lr.data, everyThird(lrAlpha.data)),
      ` (bicubic ÷${s})`,
    ),
    reference,
  };
}

function everyThird(a: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(a.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = a[i * 3]!;
  return out;
}

function addNoise(img: DecodedImage, sigma: number, seed: number): DecodedImage {
  const noise = normals(img.width * img.height * 3, seed);
  const rgba = new Uint8ClampedArray(img.rgba);
  for (let i = 0, k = 0; i < rgba.length; i += 4)
    for (let c = 0; c < 3; c++) rgba[i + c] = rgba[i + c]! + sigma * noise[k++]!;
  return withPixels(img, img.width, img.height, rgba, ` (noise σ=${sigma})`);
}

async function jpeg(img: DecodedImage, quality: number): Promise<DecodedImage> {
  const canvas = new OffscreenCanvas(img.width, img.height);
  canvas
    .getContext('2d')!
    .putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: quality / 100 });
  const bitmap = await createImageBitmap(blob);
  const rgba = pixelsOf(bitmap);
  bitmap.close();
  return withPixels(img, img.width, img.height, rgba, ` (JPEG q=${quality})`);
}

/** Rain100H-like rain: a misty veil, then 2-5 layers of semi-transparent white lines, most
 * sharing a wind angle and some crossing it (training/degrade.py's add_rain). */
function rain(img: DecodedImage, seed: number): DecodedImage {
  const rand = uniforms(seed);
  const canvas = new OffscreenCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
  const grey = Math.round(255 * (0.75 + rand() * 0.25));
  ctx.fillStyle = `rgb(${grey} ${grey} ${grey})`;
  ctx.globalAlpha = rand() * 0.12;
  ctx.fillRect(0, 0, img.width, img.height);
  const angle = ((rand() * 60 - 30) * Math.PI) / 180;
  const layers = 2 + Math.floor(rand() * 4);
  ctx.strokeStyle = '#fff';
  ctx.lineCap = 'round';
  for (let l = 0; l < layers; l++) {
    const crossing = rand() < 0.25 ? ((rand() * 70 - 35) * Math.PI) / 180 : 0;
    const drops = img.width * img.height * (0.003 + rand() * 0.005) * 0.15;
    const length = 25 + rand() * 45;
    ctx.lineWidth = 1 + rand() * 1.2;
    for (let d = 0; d < drops; d++) {
      const x = rand() * img.width;
      const y = rand() * img.height;
      const a = angle + crossing + ((rand() - 0.5) * 10 * Math.PI) / 180;
      ctx.globalAlpha = 0.25 + rand() * 0.45;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x + Math.sin(a) * length, y + Math.cos(a) * length);
      ctx.stroke();
    }
  }
  const rgba = ctx.getImageData(0, 0, img.width, img.height).data;
  for (let i = 3; i < rgba.length; i += 4) rgba[i] = img.rgba[i]!; // rain does not change alpha
  return withPixels(img, img.width, img.height, rgba, ' (synthetic rain)');
}

export async function degradeForTask(
  task: TaskName,
  img: DecodedImage,
  s: DegradeSettings,
  variant: VariantName = 'benchmark',
): Promise<DegradedPair> {
  const scale = TASK_INFO[task].scale;
  const photo = variant === 'photo' ? PHOTO_CASES[task] : undefined;
  if (photo) {
    const { degraded, reference } =
      scale > 1
        ? downscale(img, scale)
        : { degraded: photo.rain ? rain(img, s.seed) : img, reference: img };
    const noisy = photo.sigma ? addNoise(degraded, photo.sigma, s.seed) : degraded;
    return { degraded: await jpeg(noisy, photo.quality), reference };
  }
  if (scale > 1) return downscale(img, scale);
  if (task === 'denoise') return { degraded: addNoise(img, s.sigma, s.seed), reference: img };
  if (task === 'dejpeg') return { degraded: await jpeg(img, s.quality), reference: img };
  return { degraded: rain(img, s.seed), reference: img };
}
