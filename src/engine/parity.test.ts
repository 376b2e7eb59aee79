import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff, peakAbs, readGolden } from '../../tests/golden';
import { loadModel } from './model';
import { nodeFileSource } from './node-source';
import { initNodeBackend } from './node-backend';

/** Every exported model: the test fixtures and the shipped models. */
function modelDirs(): string[] {
  const roots = ['tests/fixtures', 'models'].filter((r) => existsSync(r));
  return roots.flatMap((r) =>
    readdirSync(r)
      .map((d) => join(r, d))
      .filter((d) => existsSync(join(d, 'golden.json'))),
  );
}

beforeAll(async () => {
  await initNodeBackend('wasm'); // registers the wasm backend with our kernels in front
});

// cpu: tfjs's reference kernels; wasm: XNNPACK and our own (wasm-kernels.ts), as the app runs
describe.each(
  modelDirs().flatMap((dir) => (['cpu', 'wasm'] as const).map((b) => [dir, b] as const)),
)('parity with PyTorch: %s on %s', (dir, backend) => {
  it('matches every recorded activation and the output', async () => {
    await tf.setBackend(backend);
    const { network } = await loadModel(nodeFileSource, join(dir, 'model.json'));
    const golden = readGolden(dir);
    const got = new Map<string, tf.Tensor>();
    const out = network.forward(golden.input, (name, t) => got.set(name, tf.keep(t.clone())));
    for (const [name, want] of golden.expected) {
      if (name === 'output_float32_weights') continue;
      const t = got.get(name);
      expect(t, name).toBeDefined();
      expect(t!.shape, name).toEqual(want.shape);
      // float32 rounding grows with the values: LN's residual stream reaches hundreds (the
      // paper's feature growth), so the bound is 1e-4 of the activation's peak once that is above 1
      const bound = 1e-4 * Math.max(1, peakAbs(want.values));
      expect(maxAbsDiff(await t!.data(), want.values), name).toBeLessThanOrEqual(bound);
    }
    // float16 storage costs precision: a trained model's output stays within 2e-3 of its float32
    // self. (The random test fixtures have no such bound: their weights are noise.)
    const ref = golden.expected.get('output_float32_weights')!;
    const tolerance = golden.weightsDtype === 'float16' ? 2e-3 : 1e-4;
    if (golden.weightsDtype === 'float32' || dir.startsWith('models')) {
      expect(maxAbsDiff(await out.data(), ref.values)).toBeLessThanOrEqual(tolerance);
    }
    tf.dispose([out, golden.input, ...got.values()]);
    network.dispose();
  });
});
