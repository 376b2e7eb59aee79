/** npm run restore -- <in...> [-o out.png|jpg|DIR] --task sr-x2|sr-x4|denoise|dejpeg|derain|auto
 *   [--norm iln|ln] [--variant photo|benchmark] [--strength %] [--tile N]: several images run
 *   one after another on one loaded model, and an image that cannot be read is reported without
 *   stopping the rest. */
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP, DEFAULT_TILE } from '../engine/constants';
import type { Restorer } from '../engine/restorer';
import { checkKeepsAlpha, readImage, type Rgb8, toFloat, toUint8, writeImage } from './image-io';
import {
  openModel,
  parseNorm,
  parseStrength,
  parseTile,
  parseVariant,
  progressBar,
  runMain,
} from './common';
import { blendBytes } from '../shared/blend';
import { initNodeBackend } from '../engine/node-backend';
import { defaultOutput, planOutputs, type Job } from './outputs';
import { helpAsked, RESTORE_HELP, RESTORE_OPTIONS } from './help';
import { restoreAuto } from './restore-auto';
import type { NormName } from '../engine/constants';

const USAGE =
  'usage: npm run restore -- <in.png|jpg|webp|bmp|tif ...> [-o out.png|jpg|folder] --task sr-x2|sr-x4|denoise|dejpeg|derain|auto [--norm iln|ln] [--variant photo|benchmark] [--strength 0-100] [--tile N] [--models DIR] (--help: every option)';

interface Run {
  restorer: Restorer;
  name: string;
  backend: string;
  /** --tile and --overlap, checked once for the whole batch (0: the whole image) */
  tile: number;
  overlap: number;
  /** 1: the output; below, blended with the input (--strength) */
  strength: number;
}

async function restoreOne({ output }: Job, image: Rgb8, run: Run): Promise<void> {
  const tile = run.tile || Math.max(image.width, image.height);
  const overlap = Math.min(run.overlap, Math.floor((tile - 1) / 2));
  const started = performance.now();
  const out = await run.restorer.restore(toFloat(image), {
    tile,
    overlap,
    onProgress: progressBar(run.name),
  });
  const seconds = (performance.now() - started) / 1000;
  const result = toUint8(out);
  if (run.strength < 1)
    result.data = new Uint8Array(blendBytes(result.data, image.data, run.strength, 3).buffer);
  // with the input's profile, EXIF and transparency
  await writeImage(output, result, image);
  const mp = (out.width * out.height) / 1e6;
  console.log(
    `${output}: ${out.width}x${out.height} in ${seconds.toFixed(2)} s on ${run.backend} (${(seconds / mp).toFixed(2)} s per output megapixel)`,
  );
}

async function readInput({ input, output }: Job): Promise<Rgb8> {
  const image = await readImage(input);
  checkKeepsAlpha(input, image, output);
  return image;
}

async function main(): Promise<void> {
  if (helpAsked()) return console.log(RESTORE_HELP);
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: RESTORE_OPTIONS,
  });
  const task = values.task;
  if (positionals.length === 0 || !task) throw new Error(USAGE);
  const norm = parseNorm(values.norm);
  if (task === 'auto') return restoreAsSuggested(positionals, values, norm);
  const variant = parseVariant(values.variant, task, norm, values.models);
  const options = {
    models: values.models,
    tile: parseTile(values.tile, DEFAULT_TILE),
    overlap: parseTile(values.overlap, DEFAULT_OVERLAP),
    strength: parseStrength(values.strength, task),
  };
  // every output refused before the model runs, not after
  const jobs = planOutputs(positionals, values.output, (input) =>
    defaultOutput(input, task, norm, variant),
  );
  if (jobs.length === 1) {
    const image = await readInput(jobs[0]!); // its error before the model loads
    await withModel(task, norm, variant, options, (run) => restoreOne(jobs[0]!, image, run));
    return;
  }
  const failed = await withModel(task, norm, variant, options, (run) => restoreAll(jobs, run));
  console.log(`${jobs.length - failed} of ${jobs.length} images restored`);
  if (failed) throw new Error(`${failed} of ${jobs.length} images could not be restored (above)`);
}

/** --task auto: each image's suggested steps (npm run diagnose says which). */
async function restoreAsSuggested(
  inputs: string[],
  values: {
    output?: string;
    variant?: string;
    models?: string;
    tile?: string;
    overlap?: string;
    strength?: string;
  },
  norm: NormName,
): Promise<void> {
  if (values.strength !== undefined)
    throw new Error(
      "--strength blends one task's result with its input; it does not apply to --task auto",
    );
  const failed = await restoreAuto(inputs, values.output, {
    norm,
    variant: values.variant,
    models: values.models,
    tile: parseTile(values.tile, DEFAULT_TILE),
    overlap: parseTile(values.overlap, DEFAULT_OVERLAP),
  });
  if (failed) throw new Error(`${failed} of ${inputs.length} images could not be restored (above)`);
}

async function withModel<T>(
  task: string,
  norm: string,
  variant: string,
  values: { models?: string; tile: number; overlap: number; strength: number },
  work: (run: Run) => Promise<T>,
): Promise<T> {
  const backend = await initNodeBackend();
  const { restorer, name } = await openModel(task, norm, values.models, variant);
  try {
    const { tile, overlap, strength } = values;
    return await work({ restorer, name, backend, tile, overlap, strength });
  } finally {
    restorer.dispose();
  }
}

/** Each image in turn; one that fails is reported in its sentence and the rest go on. */
async function restoreAll(jobs: Job[], run: Run): Promise<number> {
  let failed = 0;
  for (const [i, job] of jobs.entries()) {
    try {
      const image = await readInput(job);
      await restoreOne(job, image, { ...run, name: `${run.name} ${i + 1}/${jobs.length}` });
    } catch (e) {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      failed++;
    }
  }
  return failed;
}

runMain(main);
