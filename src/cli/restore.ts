/** npm run restore -- <in> [-o out.png|jpg] --task sr-x2|sr-x4|denoise|dejpeg|derain [--norm iln|ln]
 *   [--variant photo|benchmark] [--tile N] */
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP, DEFAULT_TILE } from '../engine/constants';
import { checkOutput, readImage, toFloat, toUint8, writeImage } from './image-io';
import { openModel, parseNorm, parseTile, parseVariant, progressBar, runMain } from './common';
import { initNodeBackend } from '../engine/node-backend';

const USAGE =
  'usage: npm run restore -- <in.png|jpg|webp|bmp|tif> [-o out.png|jpg] --task sr-x2|sr-x4|denoise|dejpeg|derain [--norm iln|ln] [--variant photo|benchmark] [--tile N] [--models DIR]';

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

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      task: { type: 'string' },
      norm: { type: 'string' },
      tile: { type: 'string' },
      overlap: { type: 'string' },
      models: { type: 'string' },
      variant: { type: 'string' },
    },
  });
  if (positionals.length !== 1 || !values.task) throw new Error(USAGE);
  const input = positionals[0]!;
  const norm = parseNorm(values.norm);
  const variant = parseVariant(values.variant, values.task, norm, values.models);
  const output = values.output ?? defaultOutput(input, values.task, norm, variant);
  checkOutput(output); // refused before the model runs, not after
  const image = await readImage(input);
  const backend = await initNodeBackend();
  const { restorer, name } = await openModel(values.task, norm, values.models, variant);
  const tile = parseTile(values.tile, DEFAULT_TILE) || Math.max(image.width, image.height);
  const overlap = Math.min(parseTile(values.overlap, DEFAULT_OVERLAP), Math.floor((tile - 1) / 2));
  const started = performance.now();
  const out = await restorer.restore(toFloat(image), {
    tile,
    overlap,
    onProgress: progressBar(name),
  });
  const seconds = (performance.now() - started) / 1000;
  await writeImage(output, toUint8(out), image); // with the input's profile and EXIF
  const mp = (out.width * out.height) / 1e6;
  console.log(
    `${output}: ${out.width}x${out.height} in ${seconds.toFixed(2)} s on ${backend} (${(seconds / mp).toFixed(2)} s per output megapixel)`,
  );
  restorer.dispose();
}

runMain(main);
