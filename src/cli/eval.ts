/** npm run eval -- --task sr-x2 [--norm iln] [--variant photo|benchmark] --set Set5 [--tile N]
 *   [--json out.json] [--limit N] [--inputs <dir of .npy from training.evaluate --save-inputs>]
 *   [--clean]
 * npm run eval -- --task denoise --pairs DIR   real pairs: DIR/input, DIR/target (matching names;
 *   SR: an input as large as its target is reduced by scale x scale area averaging first)
 * PSNR/SSIM with the papers' conventions (SR: Y, border = scale), baseline beside it. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EVAL_HELP, EVAL_OPTIONS, helpAsked } from './help';
import type { Restorer } from '../engine/restorer';
import type { TaskInfo } from '../engine/tasks';
import { toUint8 } from './image-io';
import { initNodeBackend } from '../engine/node-backend';
import { openModel, parseNorm, parseTile, runMain } from './common';
import { loadPairs, resolveSet, score, withSavedInputs, type EvalPair } from './eval-data';
import { pairFolder } from './pairs';

interface Row {
  image: string;
  psnr: number;
  ssim: number;
  baselinePsnr: number;
  baselineSsim: number;
}

async function evaluatePair(
  task: TaskInfo,
  restorer: Restorer,
  pair: EvalPair,
  tile: number,
): Promise<Row> {
  const size = tile || Math.max(pair.input.width, pair.input.height);
  const out = toUint8(
    await restorer.restore(pair.input, {
      tile: size,
      overlap: tile ? Math.min(16, Math.floor((size - 1) / 2)) : 0,
    }),
  );
  const ours = score(task, out, pair.clean);
  const base = score(task, pair.baseline, pair.clean);
  return { image: pair.name, ...ours, baselinePsnr: base.psnr, baselineSsim: base.ssim };
}

const mean = (rows: Row[], k: keyof Omit<Row, 'image'>) =>
  rows.reduce((s, r) => s + r[k], 0) / rows.length;

async function main(): Promise<void> {
  if (helpAsked()) return console.log(EVAL_HELP);
  const { values } = parseArgs({ options: EVAL_OPTIONS });
  if (!values.task || !(values.set ?? values.pairs) || (values.set && values.pairs))
    throw new Error(
      'usage: npm run eval -- --task <task> [--norm iln|ln] [--variant photo|benchmark] (--set <folder or val set name> | --pairs <folder with input/ and target/>) [--tile N] [--json out.json] (--help: every option)',
    );
  const norm = parseNorm(values.norm);
  const folder = values.pairs ? pairFolder(values.pairs) : resolveSet(values.set!, values.data);
  const backend = await initNodeBackend();
  const { info, restorer, name } = await openModel(
    values.task,
    norm,
    values.models,
    values.variant,
  );
  const degradation = {
    sigma: values.sigma ? Number(values.sigma) : undefined,
    quality: values.quality ? Number(values.quality) : undefined,
    clean: values.clean,
  };
  const loaded = await loadPairs(
    info,
    folder,
    degradation,
    values.limit ? Number(values.limit) : undefined,
  );
  const pairs = values.inputs ? withSavedInputs(info, loaded, values.inputs) : loaded;
  const tile = parseTile(values.tile, 0);
  const rows: Row[] = [];
  for (const pair of pairs) rows.push(await evaluatePair(info, restorer, pair, tile));
  const base = info.scale > 1 ? 'bicubic' : 'input';
  const summary = {
    task: info.name,
    norm,
    model: name,
    set: values.set ?? values.pairs,
    backend,
    tile: tile || 'whole image',
    n: rows.length,
    space: info.space,
    psnr: mean(rows, 'psnr'),
    ssim: mean(rows, 'ssim'),
    // a clean input scored against itself has no baseline (its PSNR would be infinite)
    baselinePsnr: values.clean ? null : mean(rows, 'baselinePsnr'),
    baselineSsim: values.clean ? null : mean(rows, 'baselineSsim'),
  };
  console.log(
    `${'image'.padEnd(16)} ${'PSNR'.padStart(8)} ${'SSIM'.padStart(7)} ${(base + ' PSNR').padStart(13)} ${(base + ' SSIM').padStart(13)}`,
  );
  // an identity check's baseline is the input itself: no finite PSNR to print
  const num = (v: number | null, digits: number) =>
    (v === null || !Number.isFinite(v) ? 'identity' : v.toFixed(digits)).padStart(13);
  for (const r of [...rows, { ...summary, image: `mean (${rows.length})` }]) {
    console.log(
      `${r.image.padEnd(16)} ${r.psnr.toFixed(2).padStart(8)} ${r.ssim.toFixed(4).padStart(7)} ${num(r.baselinePsnr, 2)} ${num(r.baselineSsim, 4)}`,
    );
  }
  if (values.json)
    writeFileSync(values.json, JSON.stringify({ ...summary, images: rows }, null, 1));
  restorer.dispose();
}

runMain(main);
