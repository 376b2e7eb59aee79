/** `npm run eval` and `python -m training.evaluate` give the same numbers on the same images. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const VAL = join('..', 'shared', 'datasets', 'val');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

interface Case {
  task: string;
  set: string;
  /** the Python result's setting to compare ('' for none) */
  setting: string;
  /** extra `npm run eval` arguments; `{inputs}` becomes the folder of saved inputs */
  tsArgs: string[];
  /** images per set (each evaluator runs every setting of the task in Python) */
  limit: number;
  /** SSIM is compared on 8-bit outputs: a few pixels rounding the other way move it by ~1e-4 */
  ssimTolerance: number;
  /** dB; 0.01 unless a case says why not */
  psnrTolerance?: number;
  /** extra `python -m training.evaluate` arguments */
  pyArgs?: string[];
  /** score a folder of real pairs with --pairs (both evaluators) instead of --set */
  pairs?: boolean;
  /** the benchmark model unless a case says photo */
  variant?: 'photo' | 'benchmark';
}

/** Asynchronous, so the test worker keeps answering vitest while Python and vite-node run. */
async function run(cmd: string, args: string[]): Promise<void> {
  await promisify(execFile)(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
}

async function agree(c: Case): Promise<void> {
  const { task, set, setting, tsArgs, limit, ssimTolerance, psnrTolerance = 0.01 } = c;
  const variant = c.variant ?? 'benchmark';
  const source = c.pairs ? ['--pairs', join(VAL, set)] : ['--set', set];
  const dir = mkdtempSync(join(tmpdir(), 'iln-eval-'));
  try {
    const model = join('models', variant === 'photo' ? `${task}-photo-iln` : `${task}-iln`);
    await run(PYTHON, [
      '-m',
      'training.evaluate',
      '--model',
      model,
      ...source,
      '--limit',
      String(limit),
      '--json',
      join(dir, 'py.json'),
      '--save-inputs',
      join(dir, 'inputs'),
      ...(c.pyArgs ?? []),
    ]);
    const inputs = join(dir, 'inputs', set, setting || 'default');
    const extra = tsArgs.map((a) => a.replace('{inputs}', inputs));
    await run('npx', [
      'vite-node',
      'src/cli/eval.ts',
      '--',
      '--task',
      task,
      '--norm',
      'iln',
      '--variant',
      variant,
      ...source,
      '--limit',
      String(limit),
      '--json',
      join(dir, 'ts.json'),
      ...extra,
    ]);
    const results = JSON.parse(readFileSync(join(dir, 'py.json'), 'utf8')).results;
    const p = results.find((r: { setting: string }) => r.setting === setting);
    const t = JSON.parse(readFileSync(join(dir, 'ts.json'), 'utf8'));
    expect(Math.abs(t.psnr - p.psnr)).toBeLessThan(psnrTolerance);
    // a clean input has no baseline to beat: neither evaluator reports one
    if (p.baselinePsnr === undefined) expect(t.baselinePsnr).toBeNull();
    // the same input pixels, whatever the network's float rounding: equal to 1e-4 dB (the two
    // PSNR implementations sum in a different order; measured 2e-5 on PolyU)
    else if (c.pairs) expect(Math.abs(t.baselinePsnr - p.baselinePsnr)).toBeLessThan(1e-4);
    else expect(Math.abs(t.baselinePsnr - p.baselinePsnr)).toBeLessThan(0.01);
    expect(Math.abs(t.ssim - p.ssim)).toBeLessThan(ssimTolerance);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const available = (task: string, set: string, model = `${task}-iln`) =>
  existsSync(join(VAL, set)) && existsSync(join('models', model, 'model.json'));

it.skipIf(!available('sr-x2', 'Set5'))(
  'sr-x2: agrees with the Python evaluator to 0.01 dB on Set5 (first 2 images, its own LR)',
  () =>
    agree({ task: 'sr-x2', set: 'Set5', setting: '', tsArgs: [], limit: 2, ssimTolerance: 1e-4 }),
  120_000,
);

it.skipIf(!available('dejpeg', 'LIVE1'))(
  'dejpeg: agrees to 0.01 dB on LIVE1 q=10 (first image, the JPEG Python made)',
  () =>
    agree({
      task: 'dejpeg',
      set: 'LIVE1',
      setting: 'quality=10',
      tsArgs: ['--quality', '10', '--inputs', '{inputs}'],
      limit: 1,
      ssimTolerance: 5e-4,
    }),
  300_000,
);

it.skipIf(!available('denoise', 'CBSD68'))(
  'denoise: agrees to 0.01 dB on CBSD68 σ=25 (first image, the noise Python drew)',
  () =>
    agree({
      task: 'denoise',
      set: 'CBSD68',
      setting: 'sigma=25',
      tsArgs: ['--sigma', '25', '--inputs', '{inputs}'],
      limit: 1,
      // measured 6.8e-4: on a noisy image many more pixels sit next to a rounding boundary
      ssimTolerance: 1e-3,
    }),
  300_000,
);

it.skipIf(!available('derain', 'Rain100H'))(
  'derain: agrees to 0.02 dB on Rain100H (first pair, its own rainy input)',
  () =>
    agree({
      task: 'derain',
      set: 'Rain100H',
      setting: '',
      tsArgs: [],
      limit: 1,
      ssimTolerance: 5e-4,
      // measured 0.012 dB on one whole 480×320 image (float32 wasm against torch); 0.02 still
      // catches any real disagreement (a wrong weight or op moves it by whole dB)
      psnrTolerance: 0.02,
    }),
  300_000,
);

it.skipIf(!available('derain', 'Rain100H', 'derain-photo-iln'))(
  'derain photo model: agrees to 0.02 dB on Rain100H with its rainy input as JPEG q=75 (first pair)',
  () =>
    agree({
      task: 'derain',
      set: 'Rain100H',
      setting: 'quality=75',
      tsArgs: ['--quality', '75', '--inputs', '{inputs}'],
      pyArgs: ['--cases', 'photo'],
      limit: 1,
      ssimTolerance: 5e-4,
      psnrTolerance: 0.02, // float32 wasm against torch on a whole image, as the benchmark derain
      variant: 'photo',
    }),
  300_000,
);

it.skipIf(!available('derain', 'Kodak24'))(
  'derain on a clean photo: agrees to 0.05 dB (first Kodak24 image, no rain, against itself)',
  () =>
    agree({
      task: 'derain',
      set: 'Kodak24',
      setting: 'input=clean',
      tsArgs: ['--clean'],
      pyArgs: ['--clean'],
      limit: 1,
      ssimTolerance: 5e-4,
      // measured 0.030 dB on this whole 768×512 image (float32 wasm against torch): an output
      // close to its input has small errors, so each pixel that rounds the other way weighs more
      psnrTolerance: 0.05,
    }),
  300_000,
);

it.skipIf(!available('denoise', 'PolyU'))(
  'denoise --pairs: the same camera JPEGs decoded to the same bytes, 0.01 dB on PolyU (2 real pairs)',
  () =>
    agree({
      task: 'denoise',
      set: 'PolyU',
      setting: '',
      tsArgs: [],
      limit: 2,
      ssimTolerance: 5e-4,
      pairs: true,
    }),
  300_000,
);

it.skipIf(!available('sr-x2', 'City100-iPhoneX'))(
  'sr-x2 --pairs: City100 inputs reduced by 2x2 area averaging alike, 0.01 dB (1 real pair)',
  () =>
    agree({
      task: 'sr-x2',
      set: 'City100-iPhoneX',
      setting: '',
      tsArgs: [],
      limit: 1,
      ssimTolerance: 5e-4,
      pairs: true,
    }),
  300_000,
);
