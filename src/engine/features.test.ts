import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { imresizeBicubic } from './bicubic';
import { readImage } from '../cli/image-io';
import { layerFeatureStats } from './features';
import { loadModel } from './model';
import { nodeFileSource } from './node-source';

beforeAll(async () => {
  await tf.setBackend('wasm'); // a 256x256 probe image is slow on the pure-JS cpu backend
});

const models = ['sr-x2-ln', 'sr-x2-iln'].filter((m) => existsSync(join('models', m, 'card.json')));
const SET5 = join('..', 'shared', 'datasets', 'val', 'Set5', 'HR');

describe.skipIf(!existsSync(SET5) || models.length === 0)('feature statistics', () => {
  it.each(models)(
    'of %s match the model card (computed by PyTorch)',
    async (name) => {
      const card = JSON.parse(readFileSync(join('models', name, 'card.json'), 'utf8'));
      const hr = await readImage(join(SET5, card.featureStats.image.split('/')[1]));
      const lr = imresizeBicubic(hr.data, hr.width, hr.height, 3, 0.5);
      const { network } = await loadModel(nodeFileSource, join('models', name, 'model.json'));
      const before = tf.memory().numTensors;
      const stats = await layerFeatureStats(network, {
        width: lr.width,
        height: lr.height,
        data: Float32Array.from(lr.data, (v) => v / 255),
      });
      expect(tf.memory().numTensors).toBe(before + 1); // only the cached shift mask stays
      const want = card.featureStats.layers as { mean_square: number; channel_entropy: number }[];
      expect(stats).toHaveLength(want.length);
      stats.forEach((s, i) => {
        // the card used float32 weights, the shipped model float16: agreement to 2%
        expect(Math.abs(s.meanSquare / want[i]!.mean_square - 1)).toBeLessThan(0.02);
        expect(Math.abs(s.channelEntropy - want[i]!.channel_entropy)).toBeLessThan(0.02);
      });
      network.dispose();
    },
    60_000,
  );
});
