// On the CPU backends the network attends a block of windows, and runs the MLP on a block of
// tokens, at a time (memory per tile): the result must equal doing everything at once.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gelu, inTokenBlocks } from './tensor-ops';
import { shiftMaskValues, windowAttention, type AttentionWeights } from './swin';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const random = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 0.5, 'float32', seed);

function weights(c: number, heads: number, n: number): AttentionWeights {
  return {
    qkvW: random([c, 3 * c], 1) as tf.Tensor2D,
    qkvB: random([3 * c], 2) as tf.Tensor1D,
    projW: random([c, c], 3) as tf.Tensor2D,
    projB: random([c], 4) as tf.Tensor1D,
    bias: random([heads, n, n], 5) as tf.Tensor3D,
  };
}

async function maxDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0]!;
  tf.dispose([a, b, d]);
  return v;
}

describe('attention a block of windows at a time', () => {
  it.each([
    ['unshifted', false],
    ['shifted, with its mask', true],
  ])('%s: the same as all windows at once', async (_, shifted) => {
    const [ws, h, w, c, heads] = [4, 12, 16, 8, 2]; // 12 windows of 16 tokens
    const n = ws * ws;
    const a = weights(c, heads, n);
    const x = random([(h / ws) * (w / ws), n, c], 6) as tf.Tensor3D;
    const mask = shifted
      ? tf.tensor3d(shiftMaskValues(h, w, ws, ws / 2), [(h / ws) * (w / ws), n, n])
      : null;
    const before = tf.memory().numTensors;
    const whole = windowAttention(x, a, heads, mask);
    const blocks = windowAttention(x, a, heads, mask, 5); // 5 + 5 + 2 windows
    expect(tf.memory().numTensors).toBe(before + 2); // the two results, nothing else
    expect(await maxDiff(whole, blocks)).toBeLessThan(1e-5);
    tf.dispose([x, mask ?? [], ...Object.values(a)]);
  });
});

describe('inTokenBlocks', () => {
  it('runs a per-token function over blocks and joins them: fc1, GELU, fc2', async () => {
    const [w1, w2] = [random([8, 16], 7), random([16, 8], 8)];
    const mlp = (t: tf.Tensor3D) =>
      tf.tidy(
        () =>
          gelu(t.reshape([-1, 8]).matMul(w1))
            .matMul(w2)
            .reshape([1, -1, 8]) as tf.Tensor3D,
      );
    const x = random([1, 23, 8], 9) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const whole = mlp(x);
    const blocks = inTokenBlocks(x, 5, mlp);
    expect(blocks.shape).toEqual([1, 23, 8]);
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(await maxDiff(whole, blocks)).toBeLessThan(1e-5);
    tf.dispose([x, w1, w2]);
  });
});
