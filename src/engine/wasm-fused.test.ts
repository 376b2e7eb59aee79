// The fused wasm kernels (kernels/fused.wat) against tfjs's composed ops on the cpu backend: the
// window attention core on shifted and unshifted windows, the linear layer with its GELU or
// residual on awkward shapes, the 3x3 convolution with its residual, i-LN's moments, LN's
// per-token normalization; each leaves no tensor or heap block behind. The
// whole network on wasm (which takes the fused layer) against cpu: parity.test.ts and below.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './model';
import { initNodeBackend } from './node-backend';
import { nodeFileSource } from './node-source';
import {
  roll,
  shiftMaskValues,
  windowAttention,
  windowPartition,
  windowReverse,
  windowTokenIndex,
} from './swin';
import { gelu } from './tensor-ops';
import {
  fusedConv3x3,
  fusedDense,
  fusedKernels,
  fusedMoments,
  fusedTokenNorm,
  fusedWindowAttention,
} from './wasm-fused';

beforeAll(async () => {
  expect(await initNodeBackend('wasm')).toBe('wasm');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

type Values = { data: Float32Array | Int32Array; shape: number[]; dtype: tf.DataType };
const values = async (t: tf.Tensor): Promise<Values> => ({
  data: (await t.data()) as Float32Array | Int32Array,
  shape: t.shape,
  dtype: t.dtype,
});
const make = (v: Values) => tf.tensor(v.data, v.shape, v.dtype);

/** `fn` on the given backend, on copies of `inputs` made there; its output's values. */
async function runOn(backend: string, inputs: Values[], fn: (t: tf.Tensor[]) => tf.Tensor) {
  await tf.setBackend(backend);
  const made = inputs.map(make);
  const out = tf.tidy(() => fn(made));
  const result = await values(out);
  tf.dispose([...made, out]);
  return result;
}

/** The largest difference between the composed `reference` on cpu and `fused` on wasm, and that
 * the wasm side left nothing behind. */
async function fusedAgainstCpu(
  inputs: tf.Tensor[],
  reference: (t: tf.Tensor[]) => tf.Tensor,
  fused: (t: tf.Tensor[]) => tf.Tensor,
): Promise<number> {
  const given = await Promise.all(inputs.map(values));
  tf.dispose(inputs);
  const want = await runOn('cpu', given, reference);
  const wasmData = () => tf.engine().findBackend('wasm')!.numDataIds();
  const before = wasmData();
  const got = await runOn('wasm', given, fused);
  expect(wasmData()).toBe(before); // no tensor or scratch block left behind
  expect(got.shape).toEqual(want.shape);
  let diff = 0;
  got.data.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - want.data[i]!))));
  return diff;
}

const random = (shape: number[], seed: number, std = 1) =>
  tf.randomNormal(shape, 0, std, 'float32', seed);

describe('windowTokenIndex', () => {
  it.each([0, 2])('addresses the tokens of windowPartition(roll(x, -%i))', async (shift) => {
    const [b, h, w, ws] = [2, 8, 12, 4];
    const rows = tf.range(0, b * h * w, 1, 'float32').reshape([b, h, w, 1]) as tf.Tensor4D;
    const partitioned = windowPartition(roll(rows, -shift), ws);
    expect(Array.from(await partitioned.data())).toEqual(
      Array.from(windowTokenIndex(b, h, w, ws, shift)),
    );
    tf.dispose([rows, partitioned]);
  });
});

describe('fused window attention on wasm', () => {
  it.each([
    ['shifted, 2 heads of 24, 8x8 windows', 16, 24, 8, 2, 24, true],
    ['unshifted, 2 heads of 24', 16, 16, 8, 2, 24, false],
    ['shifted, 3 heads of 4, 4x4 windows', 8, 12, 4, 3, 4, true],
  ] as const)('%s: as the composed attention', async (_, h, w, ws, heads, d, shifted) => {
    const c = heads * d;
    const n = ws * ws;
    const nw = (h / ws) * (w / ws);
    const shift = shifted ? ws / 2 : 0;
    const inputs = [
      random([h * w, c], 1), // tokens in image order
      random([c, 3 * c], 2, 0.3), // qkv
      random([3 * c], 3),
      random([heads, n, n], 4), // relative-position bias
      tf.tensor3d(shiftMaskValues(h, w, ws, shift), [nw, n, n]),
      tf.tensor1d(windowTokenIndex(1, h, w, ws, shift), 'int32'),
    ];
    const mask = (t: tf.Tensor) => (shifted ? (t as tf.Tensor3D) : null);
    const reference = ([x, qkvW, qkvB, bias, m]: tf.Tensor[]) => {
      const windows = windowPartition(roll(x!.reshape([1, h, w, c]) as tf.Tensor4D, -shift), ws);
      const a = {
        qkvW: qkvW as tf.Tensor2D,
        qkvB: qkvB as tf.Tensor1D,
        projW: tf.eye(c) as tf.Tensor2D, // the projection is the caller's: identity here
        projB: tf.zeros([c]) as tf.Tensor1D,
        bias: bias as tf.Tensor3D,
      };
      const attended = windowAttention(windows, a, heads, mask(m!));
      return roll(windowReverse(attended, ws, h, w), shift).reshape([h * w, c]);
    };
    const fused = ([x, qkvW, qkvB, bias, m, index]: tf.Tensor[]) => {
      const rows = x!.matMul(qkvW as tf.Tensor2D).add(qkvB!) as tf.Tensor2D; // (H*W, 3C)
      return fusedWindowAttention(rows, index as tf.Tensor1D, bias as tf.Tensor3D, mask(m!), heads);
    };
    // unscaled q·k scores of about ±30 here: float32 order of sums alone moves outputs ~1e-5
    expect(await fusedAgainstCpu(inputs, reference, fused)).toBeLessThan(1e-4);
  });
});

describe('fused dense on wasm', () => {
  it.each([
    ['a linear layer, rows not a multiple of 4, 12 columns', 7, 5, 12, 'plain'],
    ['with GELU', 9, 48, 96, 'gelu'],
    ['with a residual', 13, 96, 48, 'residual'],
  ] as const)('%s: as tfjs computes it', async (_, m, k, n, then) => {
    const inputs = [random([m, k], 1), random([k, n], 2, 0.3), random([n], 3), random([m, n], 4)];
    const reference = ([x, w, b, r]: tf.Tensor[]) => {
      const y = x!.matMul(w as tf.Tensor2D).add(b!);
      if (then === 'gelu') return gelu(y);
      return then === 'residual' ? y.add(r!) : y;
    };
    const fused = ([x, w, b, r]: tf.Tensor[]) =>
      fusedDense(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, {
        gelu: then === 'gelu',
        residual: then === 'residual' ? (r as tf.Tensor2D) : undefined,
      });
    expect(await fusedAgainstCpu(inputs, reference, fused)).toBeLessThan(1e-4);
  });
});

describe('fused moments on wasm', () => {
  it.each([
    ['a tile of features', [1, 4099, 48], 0],
    ['values far from zero (a large mean, a small spread)', [1, 1023, 5], 1000],
  ] as const)('%s: mean and biased variance', async (_, shape, offset) => {
    const inputs = [random([...shape], 5).add(offset)];
    const reference = ([x]: tf.Tensor[]) => {
      const m = tf.moments(x!);
      return tf.stack([m.mean, m.variance]);
    };
    const fused = ([x]: tf.Tensor[]) => fusedMoments(x!);
    expect(await fusedAgainstCpu(inputs, reference, fused)).toBeLessThan(1e-3);
  });
});

describe('fused 3x3 convolution on wasm', () => {
  it.each([
    ['3 channels in, 48 out (a first conv)', 8, 12, 3, 48, false],
    ['widths not a multiple of 4, 12 out (8 + 4 channels)', 7, 9, 5, 12, false],
    ['48 in and out, with the residual after it', 8, 16, 48, 48, true],
  ] as const)('%s: as tfjs computes it', async (_, h, w, c, n, residual) => {
    const inputs = [random([1, h, w, c], 1), random([3, 3, c, n], 2, 0.2), random([n], 3)];
    inputs.push(random([1, h, w, n], 4));
    const reference = ([x, f, b, r]: tf.Tensor[]) => {
      const y = tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').add(b!);
      return residual ? y.add(r!) : y;
    };
    const fused = ([x, f, b, r]: tf.Tensor[]) =>
      fusedConv3x3(
        x as tf.Tensor4D,
        f as tf.Tensor4D,
        b as tf.Tensor1D,
        residual ? (r as tf.Tensor4D) : undefined,
      );
    expect(await fusedAgainstCpu(inputs, reference, fused)).toBeLessThan(1e-4);
  });
});

describe('fused per-token norm on wasm', () => {
  it.each([
    ['tokens of 48 channels', [1, 37, 48], 0],
    ['tokens far from zero, 8 channels', [3, 5, 8], 50],
  ] as const)('%s: as the composed LayerNorm without its affine', async (_, shape, offset) => {
    const inputs = [random([...shape], 6).add(offset)];
    const reference = ([x]: tf.Tensor[]) => {
      const centred = x!.sub(x!.mean(-1, true));
      return centred.div(centred.square().mean(-1, true).add(1e-5).sqrt());
    };
    const fused = ([x]: tf.Tensor[]) => fusedTokenNorm(x!, 1e-5);
    expect(await fusedAgainstCpu(inputs, reference, fused)).toBeLessThan(1e-4);
  });
});

describe('the network on wasm', () => {
  it.each(['models/sr-x2-iln', 'models/sr-x2-ln'])(
    '%s takes the fused layer, matches cpu, and keeps nothing between tiles',
    async (dir) => {
      const input = await values(tf.randomUniform([1, 24, 40, 3], 0, 1, 'float32', 9));
      const forward = async (backend: string) => {
        await tf.setBackend(backend);
        const { network } = await loadModel(nodeFileSource, `${dir}/model.json`);
        const x = make(input) as tf.Tensor4D;
        network.forward(x).dispose(); // the first tile makes the folded weights and indices
        const before = tf.memory().numTensors;
        const out = network.forward(x);
        const result = await values(out);
        out.dispose();
        expect(tf.memory().numTensors).toBe(before); // a second tile: nothing new kept
        const fused = fusedKernels();
        x.dispose();
        network.dispose();
        return { result, fused };
      };
      const cpu = await forward('cpu');
      const wasm = await forward('wasm');
      expect([cpu.fused, wasm.fused]).toEqual([false, true]);
      let diff = 0;
      wasm.result.data.forEach(
        (v, i) => (diff = Math.max(diff, Math.abs(v - cpu.result.data[i]!))),
      );
      expect(diff).toBeLessThan(2e-4);
    },
  );
});
