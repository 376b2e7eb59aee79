import { describe, expect, it } from 'vitest';
import { metricRows, seedCurve, stitchedCurve, type ModelCard, type SeedRun } from './model-info';

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

  it('draws the curves of every training stage on one step axis', () => {
    const t: ModelCard['training'] = {
      steps: 20,
      wallTimeS: 1,
      hardware: '',
      lossCurve: [[20, 0.2]],
      valCurve: [[20, 30.5]],
      earlierStages: [
        { steps: 100, lossCurve: [[100, 0.4]], valCurve: [[100, 30]] },
        { steps: 300, lossCurve: [[300, 0.9]], valCurve: [[300, 29]] },
      ],
    };
    expect(stitchedCurve(t, (s) => s.valCurve)).toEqual({
      points: [
        [300, 29],
        [400, 30],
        [420, 30.5],
      ],
      allStages: true,
    });
    // a stage from before cards kept curves: only the last stage is drawn
    const old = { ...t, earlierStages: [{ steps: 100 }, ...t.earlierStages!.slice(1)] };
    expect(stitchedCurve(old, (s) => s.valCurve)).toEqual({
      points: [[20, 30.5]],
      allStages: false,
    });
  });
});
