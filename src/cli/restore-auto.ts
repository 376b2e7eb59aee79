/** npm run restore -- <image ...> --task auto: each image diagnosed (shared/diagnose) and run
 * through its suggested steps, the result of each the input of the next; an image that needs
 * nothing is said so and left alone. Outputs name every step:
 * cat.jpg -> cat.dejpeg-photo+sr-x2-photo.iln.png. Models load once and serve every image. */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { type NormName, type TaskName } from '../engine/constants';
import { initNodeBackend } from '../engine/node-backend';
import type { Restorer } from '../engine/restorer';
import { diagnose, measure, type Diagnosis } from '../shared/diagnose/diagnose';
import { openModel, parseVariant, progressBar } from './common';
import { checkKeepsAlpha, readImage, type Rgb8, toFloat, toUint8, writeImage } from './image-io';
import { planOutputs } from './outputs';

export interface AutoOptions {
  norm: NormName;
  variant?: string;
  models?: string;
  tile: number;
  overlap: number;
}

/** photo.jpg -> photo.dejpeg-photo+sr-x2-photo.iln.png (each step's kind of model). */
export function chainOutput(input: string, steps: string[], norm: string, kinds: string[]): string {
  const names = steps.map((s, i) => (kinds[i] === 'photo' ? `${s}-photo` : s));
  return join(dirname(input), `${basename(input, extname(input))}.${names.join('+')}.${norm}.png`);
}

interface Diagnosed {
  input: string;
  image: Rgb8;
  diagnosis: Diagnosis;
}

async function diagnoseAll(inputs: string[]): Promise<{ ok: Diagnosed[]; failed: number }> {
  const ok: Diagnosed[] = [];
  let failed = 0;
  for (const input of inputs) {
    try {
      const image = await readImage(input);
      const diagnosis = diagnose(
        measure(image.data, image.width, image.height, 3, readFileSync(input)),
      );
      console.log(`${input}: ${diagnosis.summary}`);
      if (diagnosis.suggested.length) ok.push({ input, image, diagnosis });
    } catch (e) {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      failed++;
    }
  }
  return { ok, failed };
}

/** Every image in turn through its steps; returns how many could not be read or restored. */
export async function restoreAuto(
  inputs: string[],
  output: string | undefined,
  o: AutoOptions,
): Promise<number> {
  const { ok, failed } = await diagnoseAll(inputs);
  if (ok.length === 0) return failed;
  const kindOf = (task: TaskName) => parseVariant(o.variant, task, o.norm, o.models);
  const byInput = new Map(ok.map((d) => [d.input, d]));
  const jobs = planOutputs([...byInput.keys()], output, (input) => {
    const steps = byInput.get(input)!.diagnosis.suggested;
    return chainOutput(input, steps, o.norm, steps.map(kindOf));
  });
  const backend = await initNodeBackend();
  const restorers = new Map<TaskName, { restorer: Restorer; name: string }>();
  let errors = failed;
  try {
    for (const job of jobs) {
      const { image, diagnosis } = byInput.get(job.input)!;
      try {
        checkKeepsAlpha(job.input, image, job.output);
        const started = performance.now();
        let current = image;
        for (const task of diagnosis.suggested) {
          if (!restorers.has(task))
            restorers.set(task, await openModel(task, o.norm, o.models, o.variant));
          const { restorer, name } = restorers.get(task)!;
          const tile = o.tile || Math.max(current.width, current.height);
          const overlap = Math.min(o.overlap, Math.floor((tile - 1) / 2));
          const out = await restorer.restore(toFloat(current), {
            tile,
            overlap,
            onProgress: progressBar(name),
          });
          current = toUint8(out);
        }
        await writeImage(job.output, current, image); // the input's profile, EXIF and transparency
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `${job.output}: ${current.width}x${current.height} in ${seconds.toFixed(2)} s on ${backend} (${diagnosis.suggested.join(', then ')})`,
        );
      } catch (e) {
        process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
        errors++;
      }
    }
  } finally {
    for (const { restorer } of restorers.values()) restorer.dispose();
  }
  return errors;
}
