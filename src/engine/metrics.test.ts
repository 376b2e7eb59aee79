/** The TypeScript metrics and bicubic must give Python's numbers (training/metrics.py,
 * training/degrade.py), so `npm run eval` and `python -m training.evaluate` agree. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { imresizeBicubic } from './bicubic';
import { psnr, ssim } from './metrics';

const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

/** The same deterministic uint8 image on both sides: (h, w, 3) from a formula. */
function synthetic(h: number, w: number, phase: number): Uint8Array {
  const out = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++)
        out[(y * w + x) * 3 + c] = (x * 7 + y * 13 + c * 50 + phase * ((x * y) % 17)) % 256;
    }
  }
  return out;
}

const PY_SYNTHETIC = `
import numpy as np, json, sys
def synthetic(h, w, phase):
    y, x, c = np.mgrid[0:h, 0:w, 0:3]
    return ((x * 7 + y * 13 + c * 50 + phase * ((x * y) % 17)) % 256).astype(np.uint8)
`;

function python(code: string): unknown {
  const run = spawnSync(PYTHON, ['-c', PY_SYNTHETIC + code], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe('agreement with training/ (Python)', () => {
  it('PSNR and SSIM on Y with a border and on RGB', () => {
    const [h, w] = [37, 41];
    const a = synthetic(h, w, 1);
    const b = synthetic(h, w, 3);
    const ours = [
      psnr({ a, b, width: w, height: h, border: 2, space: 'y' }),
      ssim({ a, b, width: w, height: h, border: 2, space: 'y' }),
      psnr({ a, b, width: w, height: h, space: 'rgb' }),
      ssim({ a, b, width: w, height: h, space: 'rgb' }),
    ];
    const theirs = python(`
from training.metrics import psnr, ssim
a, b = synthetic(${h}, ${w}, 1), synthetic(${h}, ${w}, 3)
print(json.dumps([psnr(a, b, 2, "y"), ssim(a, b, 2, "y"), psnr(a, b, 0, "rgb"), ssim(a, b, 0, "rgb")]))
`) as number[];
    ours.forEach((v, i) => expect(v).toBeCloseTo(theirs[i]!, 6));
  });

  it.each([0.5, 1 / 3, 0.25, 2, 4])('MATLAB bicubic at scale %f is identical', (scale) => {
    const [h, w] = [24, 36];
    const ours = imresizeBicubic(synthetic(h, w, 2), w, h, 3, scale);
    const theirs = python(`
from training.degrade import imresize_bicubic
print(json.dumps(imresize_bicubic(synthetic(${h}, ${w}, 2), ${scale}).tolist()))
`) as number[][][];
    expect([ours.height, ours.width]).toEqual([theirs.length, theirs[0]!.length]);
    expect(Array.from(ours.data)).toEqual(theirs.flat(2));
  });
});
