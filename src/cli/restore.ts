/** npm run restore -- <in> [-o out.png] --task sr-x2|sr-x4|denoise|dejpeg|derain --norm iln|ln [--tile N] */
import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OVERLAP, DEFAULT_TILE } from '../engine/constants';
import { readImage, toFloat, toUint8, writePng } from './image-io';
import { initNodeBackend, openModel, parseNorm, parseTile, progressBar, runMain } from './common';

const USAGE =
  'usage: npm run restore -- <in.png|jpg> [-o out.png] --task sr-x2|sr-x4|denoise|dejpeg|derain [--norm iln|ln] [--tile N] [--models DIR]';

export function defaultOutput(input: string, task: string, norm: string): string {
  return join(dirname(input), `${basename(input, extname(input))}.${task}.${norm}.png`);
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
    },
  });
  if (positionals.length !== 1 || !values.task) throw new Error(USAGE);
  const input = positionals[0]!;
  const norm = parseNorm(values.norm);
  const image = readImage(input);
  const backend = await initNodeBackend();
  const { restorer } = await openModel(values.task, norm, values.models);
  const tile = parseTile(values.tile, DEFAULT_TILE) || Math.max(image.width, image.height);
  const overlap = Math.min(parseTile(values.overlap, DEFAULT_OVERLAP), Math.floor((tile - 1) / 2));
  const started = performance.now();
  const out = await restorer.restore(toFloat(image), {
    tile,
    overlap,
    onProgress: progressBar(`${values.task}-${norm}`),
  });
  const seconds = (performance.now() - started) / 1000;
  const output = values.output ?? defaultOutput(input, values.task, norm);
  writePng(output, toUint8(out));
  const mp = (out.width * out.height) / 1e6;
  console.log(
    `${output}: ${out.width}x${out.height} in ${seconds.toFixed(2)} s on ${backend} (${(seconds / mp).toFixed(2)} s per output megapixel)`,
  );
  restorer.dispose();
}

runMain(main);
