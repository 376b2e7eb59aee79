import { describe, expect, it } from 'vitest';
import { metricRows, seedCurve, type ModelCard, type SeedRun } from './model-info';

const card = (norm: 'ln' | 'iln', psnr: number): ModelCard => ({
  name: `sr-x2-${norm}`,
  norm,
  params: 1,
  weightsBytes: 2,
  training: { steps: 1, wallTimeS: 1, hardware: '', lossCurve: [], valCurve: [] },
  metrics: [
    { set: 'Set5', setting: '', space: 'y', psnr, ssim: 0.9, baselinePsnr: 33.67 },
    { set: 'Kodak24', setting: 'input=clean', space: 'y', psnr: psnr + 5, ssim: 0.99 },
  ],
});

describe('model info', () => {
  it('puts LN and i-LN of each set and setting on one row, with the baseline', () => {
    expect(metricRows(card('ln', 36.7), card('iln', 36.8))).toEqual([
      { set: 'Set5', setting: '', baseline: 33.67, ln: 36.7, iln: 36.8 },
      { set: 'Kodak24', setting: 'input=clean', baseline: null, ln: 41.7, iln: 41.8 },
    ]);
    expect(metricRows(null, card('iln', 36.8))[0]).toMatchObject({ ln: null, iln: 36.8 });
  });

  it('averages the seeds’ curves with a sample standard deviation', () => {
    const runs: SeedRun[] = [30, 31, 32].map((v, seed) => ({
      task: 'sr-x2',
      norm: 'iln',
      seed,
      final: {},
      valCurve: [
        [50, v],
        [100, v + 1],
      ],
    }));
    expect(seedCurve(runs, 'sr-x2', 'iln')).toEqual([
      { step: 50, mean: 31, sd: 1 },
      { step: 100, mean: 32, sd: 1 },
    ]);
    expect(seedCurve(runs, 'sr-x2', 'ln')).toBeNull();
  });
});
