import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './model';
import { nodeFileSource } from './node-source';
import { createRestorer } from './restorer';
import { halfToFloat } from './weights';

const FIXTURE = 'tests/fixtures/tiny-sr2-iln';

interface RawManifest {
  arch: { version: number; unshuffle?: number };
  weightsManifest: { weights: { name: string; shape: number[]; dtype: string }[] }[];
}
let dir = '';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** A writable copy of the fixture, changed by `edit`, loaded; returns the error message. */
async function loadBroken(
  edit: (modelJson: string, manifest: RawManifest) => void,
): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'iln-model-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const modelJson = join(dir, 'model.json');
  edit(modelJson, JSON.parse(readFileSync(modelJson, 'utf8')));
  const before = tf.memory().numTensors;
  const error = await loadModel(nodeFileSource, modelJson).then(
    () => 'loaded',
    (e: Error) => e.message.replaceAll(dir, '<dir>'),
  );
  expect(tf.memory().numTensors).toBe(before); // nothing half-built is left behind
  return error;
}

const save = (path: string, m: object) => writeFileSync(path, JSON.stringify(m));
const weights = (m: RawManifest) => m.weightsManifest[0]!.weights;

describe('loadModel errors', () => {
  it('missing model file', async () => {
    expect(await loadBroken((p) => rmSync(p))).toBe('<dir>/model.json: file not found');
  });
  it('missing weights file', async () => {
    expect(await loadBroken((p) => rmSync(join(p, '..', 'weights.bin')))).toBe(
      '<dir>/weights.bin: file not found',
    );
  });
  it('corrupt JSON', async () => {
    expect(await loadBroken((p) => writeFileSync(p, '{"format": "iln-re'))).toBe(
      '<dir>/model.json: is not valid JSON (truncated or corrupt download?)',
    );
  });
  it('truncated weights', async () => {
    expect(await loadBroken((p) => truncateSync(join(p, '..', 'weights.bin'), 1000))).toMatch(
      /^weights\.bin: 1000 bytes, but the manifest lists \d+ bytes of weights \(truncated or corrupt file\?\)$/,
    );
  });
  it('corrupt weights (NaN)', async () => {
    const msg = await loadBroken((p) => {
      const bin = join(p, '..', 'weights.bin');
      const bytes = readFileSync(bin);
      bytes.writeUInt16LE(0x7e00, 0); // a float16 NaN in the first weight
      writeFileSync(bin, bytes);
    });
    expect(msg).toBe(
      'weights.bin: weight "conv_first.weight" contains NaN or infinite values (corrupt file)',
    );
  });
  it('wrong shape', async () => {
    const msg = await loadBroken((p, m) => {
      weights(m)[0]!.shape = [3, 3, 3, 9];
      save(p, m);
    });
    expect(msg).toBe(
      '<dir>/model.json: weight "conv_first.weight" has shape [3,3,3,9] but the architecture needs [3,3,3,8]',
    );
  });
  it('wrong dtype', async () => {
    const msg = await loadBroken((p, m) => {
      weights(m)[1]!.dtype = 'int32';
      save(p, m);
    });
    expect(msg).toBe(
      '<dir>/model.json: weight "conv_first.bias" has dtype int32 quantized as float16; expected float32, optionally stored as float16',
    );
  });
  it('missing weight', async () => {
    const msg = await loadBroken((p, m) => {
      m.weightsManifest[0]!.weights = weights(m).filter((w) => w.name !== 'norm.bias');
      save(p, m);
    });
    expect(msg).toBe('<dir>/model.json: missing weight "norm.bias"');
  });
  it('unexpected weight', async () => {
    const msg = await loadBroken((p, m) => {
      weights(m)[0]!.name = 'conv_zero.weight';
      save(p, m);
    });
    expect(msg).toBe(
      '<dir>/model.json: unexpected weight "conv_zero.weight" (not part of this architecture)',
    );
  });
  it('unsupported resolution factor', async () => {
    const msg = await loadBroken((p, m) => {
      m.arch.unshuffle = 3;
      save(p, m);
    });
    expect(msg).toBe('<dir>/model.json: arch.unshuffle must be 1, 2 or 4, got 3');
  });
  it('unknown architecture version', async () => {
    const msg = await loadBroken((p, m) => {
      m.arch.version = 7;
      save(p, m);
    });
    expect(msg).toBe(
      '<dir>/model.json: unknown architecture version 7 (this engine reads versions 1 and 2)',
    );
  });
  it('not a model of this app', async () => {
    const msg = await loadBroken((p) => save(p, { format: 'layers-model' }));
    expect(msg).toBe(
      '<dir>/model.json: unsupported model format "layers-model" (expected "iln-restore")',
    );
  });
});

describe('restore', () => {
  it('leaks no tensors and keeps the model usable', async () => {
    const { network } = await loadModel(nodeFileSource, join(FIXTURE, 'model.json'));
    const restorer = createRestorer(network);
    const image = { width: 21, height: 19, data: new Float32Array(21 * 19 * 3).fill(0.5) };
    await restorer.restore(image, { tile: 16, overlap: 4 }); // warms per-size caches (masks)
    const before = tf.memory().numTensors;
    const out = await restorer.restore(image, { tile: 16, overlap: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect([out.width, out.height]).toEqual([42, 38]);
    expect(out.data.every(Number.isFinite)).toBe(true);
    const held = tf.memory().numTensors;
    restorer.dispose();
    expect(tf.memory().numTensors).toBeLessThan(held);
    await expect(restorer.restore(image)).rejects.toThrow('this restorer was disposed');
  });
});

describe('halfToFloat', () => {
  it('decodes normal, subnormal and special values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0001)).toBeCloseTo(5.96e-8, 10);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});
