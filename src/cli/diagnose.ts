/** npm run diagnose -- <image ...> [--json out.json]: what each image looks like (the quality of
 * its last JPEG save, blocking left by an earlier save, noise, size) and the steps that restore
 * it, by their task names (none: nothing to restore). An image that cannot be read is reported
 * and the rest go on. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { diagnose, measure, type Diagnosis } from '../shared/diagnose/diagnose';
import { readImage } from './image-io';
import { runMain } from './common';
import { DIAGNOSE_HELP, DIAGNOSE_OPTIONS, helpAsked } from './help';

const USAGE = 'usage: npm run diagnose -- <image ...> [--json out.json] (--help: every option)';

/** The diagnosis of one file: its pixels as the app sees them (upright), its bytes' tables. */
async function diagnoseFile(path: string): Promise<Diagnosis> {
  const image = await readImage(path);
  return diagnose(measure(image.data, image.width, image.height, 3, readFileSync(path)));
}

function formatLine(file: string, d: Diagnosis): string {
  const quality = d.jpegQuality === null ? 'not a JPEG' : `JPEG q=${d.jpegQuality}`;
  const steps = d.suggested.length ? d.suggested.join(' ') : 'none';
  return `${file}: ${d.width}x${d.height}, ${quality}, blockiness ${d.blockiness.toFixed(2)}, noise ${d.noiseSigma.toFixed(1)} -> ${steps}`;
}

async function main(): Promise<void> {
  if (helpAsked()) return console.log(DIAGNOSE_HELP);
  const { values, positionals } = parseArgs({ allowPositionals: true, options: DIAGNOSE_OPTIONS });
  if (positionals.length === 0) throw new Error(USAGE);
  const rows: (Omit<Diagnosis, 'summary'> & { file: string })[] = [];
  let failed = 0;
  for (const file of positionals) {
    try {
      const d = await diagnoseFile(file);
      console.log(formatLine(file, d));
      const { width, height, jpegQuality, blockiness, noiseSigma, suggested } = d;
      rows.push({ file, width, height, jpegQuality, blockiness, noiseSigma, suggested });
    } catch (e) {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      failed++;
    }
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 1) + '\n');
  if (failed)
    throw new Error(`${failed} of ${positionals.length} images could not be read (above)`);
}

runMain(main);
