/** `npm run eval` and `python -m training.evaluate` give the same numbers on the same images. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const DATA = join('..', 'shared', 'datasets', 'val', 'Set5');
const MODEL = join('models', 'sr-x2-iln');
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

it.skipIf(!existsSync(DATA) || !existsSync(MODEL))(
  'agrees with the Python evaluator to 0.01 dB on Set5 (first 2 images, shipped sr-x2-iln)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'iln-eval-'));
    try {
      const py = spawnSync(
        PYTHON,
        [
          '-m',
          'training.evaluate',
          '--model',
          MODEL,
          '--set',
          'Set5',
          '--limit',
          '2',
          '--json',
          join(dir, 'py.json'),
        ],
        { encoding: 'utf8' },
      );
      expect(py.status, py.stderr).toBe(0);
      const ts = spawnSync(
        'npx',
        [
          'vite-node',
          'src/cli/eval.ts',
          '--',
          '--task',
          'sr-x2',
          '--norm',
          'iln',
          '--set',
          'Set5',
          '--limit',
          '2',
          '--json',
          join(dir, 'ts.json'),
        ],
        { encoding: 'utf8' },
      );
      expect(ts.status, ts.stderr).toBe(0);
      const p = JSON.parse(readFileSync(join(dir, 'py.json'), 'utf8')).results[0];
      const t = JSON.parse(readFileSync(join(dir, 'ts.json'), 'utf8'));
      expect(Math.abs(t.psnr - p.psnr)).toBeLessThan(0.01);
      expect(Math.abs(t.baselinePsnr - p.baselinePsnr)).toBeLessThan(0.01);
      expect(Math.abs(t.ssim - p.ssim)).toBeLessThan(1e-4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
