/** Where `npm run restore` writes each result: beside its input by default, into a folder with
 * -o DIR, or to the one file -o names; decided and checked for every input before any model runs,
 * so a batch never stops half-way on an output it could have refused at the start. */
import { statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { checkOutput } from './image-io';

/** photo.jpg -> photo.sr-x2-photo.iln.png (a photo model) or photo.sr-x2.iln.png (benchmark). */
export function defaultOutput(
  input: string,
  task: string,
  norm: string,
  variant = 'benchmark',
): string {
  const kind = variant === 'photo' ? `${task}-photo` : task;
  return join(dirname(input), `${basename(input, extname(input))}.${kind}.${norm}.png`);
}

export interface Job {
  input: string;
  output: string;
}

const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory();

/** One job per input. `output`: undefined (beside each input), an existing folder (each
 * result's default name in it), or a file (one input only). */
export function planOutputs(
  inputs: string[],
  output: string | undefined,
  name: (input: string) => string,
): Job[] {
  const folder = output !== undefined && isFolder(output);
  if (output !== undefined && !folder && inputs.length > 1)
    throw new Error(
      `-o ${output} names one file, but ${inputs.length} images were given: name a folder that exists, or leave -o out to write each result beside its image`,
    );
  const jobs = inputs.map((input) => {
    const beside = name(input);
    const out = folder ? join(output, basename(beside)) : (output ?? beside);
    return { input, output: out };
  });
  const seen = new Map<string, string>();
  for (const { input, output: out } of jobs) {
    const earlier = seen.get(resolve(out));
    if (earlier)
      throw new Error(
        `${earlier} and ${input} would both be written to ${out}: restore them apart`,
      );
    if (resolve(out) === resolve(input)) throw new Error(`${out}: would overwrite its own input`);
    seen.set(resolve(out), input);
    checkOutput(out);
  }
  return jobs;
}
