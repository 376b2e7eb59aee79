// Our tfjs-wasm kernels (BatchMatMul in WebAssembly SIMD, Slice and SplitV without whole-input
// copies) against tfjs's cpu backend, on the shapes the network makes and on awkward ones, with
// no tensor or heap left behind; golden parity of whole models on wasm is in parity.test.ts.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './node-backend';
import { batchedShape, ourRuns } from './wasm-batch-matmul';
import { ourSlices } from './wasm-slice';

/** `make` on cpu and on wasm (same inputs): the largest difference and wasm's result. */
async function onBoth(make: () => tf.Tensor | tf.Tensor[], inputs: () => tf.Tensor[]) {
  const made0 = inputs();
  const values = made0.map((t) => ({ shape: t.shape, dtype: t.dtype, data: t.dataSync() }));
  tf.dispose(made0);
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const made = values.map((v) => tf.tensor(v.data, v.shape, v.dtype));
    const out = tf.tidy(() => [make.call(made)].flat() as tf.Tensor[]);
    const result = await Promise.all(
      out.map(async (t) => ({ shape: t.shape, data: await t.data() })),
    );
    tf.dispose([...made, ...out]);
    return result;
  };
  const cpu = await run('cpu');
  const wasmData = () => tf.engine().findBackend('wasm')!.numDataIds();
  const before = wasmData();
  const wasm = await run('wasm');
  expect(wasmData()).toBe(before); // no tensor, scratch or heap block left behind
  let diff = 0;
  wasm.forEach((w, i) => {
    expect(w.shape).toEqual(cpu[i]!.shape);
    for (let j = 0; j < w.data.length; j++)
      diff = Math.max(diff, Math.abs(Number(w.data[j]) - Number(cpu[i]!.data[j])));
  });
  return diff;
}

beforeAll(async () => {
  expect(await initNodeBackend('wasm')).toBe('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const random = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', 7);

describe('BatchMatMul on wasm', () => {
  it('runs ours for batched shapes with width a multiple of 4, and tfjs otherwise', () => {
    const t = (shape: number[]) => ({ shape, dtype: 'float32' });
    expect(batchedShape(t([8, 64, 24]), t([8, 64, 24]), false, true)).toEqual([8, 64, 24, 64]);
    expect(batchedShape(t([2, 3, 5, 7]), t([2, 3, 7, 12]), false, false)).toEqual([6, 5, 7, 12]);
    expect(batchedShape(t([1, 64, 24]), t([1, 24, 64]), false, false)).toBeNull(); // XNNPACK's
    expect(batchedShape(t([8, 5, 7]), t([1, 7, 12]), false, false)).toBeNull(); // broadcast
    expect(batchedShape(t([8, 7, 5]), t([8, 7, 12]), true, false)).toBeNull(); // Aᵀ
    expect(batchedShape(t([8, 5, 7]), t([8, 7, 10]), false, false)).toBeNull(); // width 10
  });

  it.each([
    ['Q·Kᵀ of two heads over 64 windows', [128, 64, 24], [128, 64, 24], true, 1],
    ['A·V', [128, 64, 64], [128, 64, 24], false, 1],
    ['rows not a multiple of 4, rank 4', [2, 3, 7, 5], [2, 3, 5, 8], false, 1],
    ['one row', [3, 1, 9], [3, 12, 9], true, 1],
    ['broadcast (tfjs)', [4, 6, 5], [1, 5, 6], false, 0],
    ['odd width (tfjs)', [4, 6, 5], [4, 5, 7], false, 0],
  ] as const)('%s: as tfjs computes it', async (_, aShape, bShape, transposeB, ours) => {
    const runs = ourRuns.batchMatMul;
    const diff = await onBoth(
      function (this: tf.Tensor[]) {
        return tf.matMul(this[0]!, this[1]!, false, transposeB);
      },
      () => [random([...aShape]), random([...bShape])],
    );
    expect(diff).toBeLessThan(1e-4);
    expect(ourRuns.batchMatMul - runs).toBe(ours);
  });
});

describe('Slice and SplitV on wasm', () => {
  it.each([
    ['q, k, v out of (6, BW, N, d) along axis 0', [6, 8, 16, 4], 0],
    ['along an inner axis', [2, 6, 5, 3], 1],
    ['along the last axis', [4, 9], 1],
  ] as const)('split %s', async (_, shape, axis) => {
    const slices = ourSlices.count;
    const diff = await onBoth(
      function (this: tf.Tensor[]) {
        return tf.split(this[0]!, [1, shape[axis] - 3, 2], axis);
      },
      () => [random([...shape])],
    );
    expect(diff).toBe(0);
    expect(ourSlices.count - slices).toBe(3);
  });

  it.each([
    ['a roll along H', [1, 12, 10, 3], [0, 4, 0, 0], [-1, 5, -1, -1]],
    ['a roll along W', [1, 12, 10, 3], [0, 0, 7, 0], [-1, -1, 3, -1]],
    ['an inner block of a 5D tensor', [2, 3, 4, 5, 6], [1, 1, 1, 2, 3], [1, 2, 3, 2, 2]],
    ['everything', [3, 4], [0, 0], [-1, -1]],
    ['a vector', [10], [3], [4]],
  ] as const)('slices %s', async (_, shape, begin, size) => {
    const slices = ourSlices.count;
    const diff = await onBoth(
      function (this: tf.Tensor[]) {
        return [
          tf.slice(this[0]!, [...begin], [...size]),
          tf.slice(this[1]!, [...begin], [...size]),
        ];
      },
      () => [
        random([...shape]),
        tf
          .range(
            0,
            shape.reduce((a: number, b: number) => a * b, 1),
            1,
            'int32',
          )
          .reshape([...shape]),
      ],
    );
    expect(diff).toBe(0);
    expect(ourSlices.count - slices).toBe(2);
  });
});
