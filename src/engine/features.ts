/** The paper's Fig. 1 quantities per Transformer layer, from the same network that restores
 * (no second copy): mean-square magnitude of the residual stream and the channel-wise entropy
 * of its energy, p_c = E_hw[x_c^2] / sum_c E_hw[x_c^2] (nats). Mirrors training/features.py. */
import * as tf from '@tensorflow/tfjs';
import type { RestorationNetwork } from './network';
import type { RgbImage } from './restorer';

import type { LayerStats } from '../shared/protocol';

export type { LayerStats };

export async function layerFeatureStats(
  network: RestorationNetwork,
  image: RgbImage,
): Promise<LayerStats[]> {
  const kept: [tf.Scalar, tf.Scalar][] = [];
  const input = tf.tensor4d(image.data, [1, image.height, image.width, 3]);
  const out = network.forward(input, (name, t) => {
    if (!name.startsWith('layer')) return;
    const energy = t.square().mean([0, 1, 2]); // (C,)
    const p = energy.div(energy.sum().maximum(1e-30));
    const entropy = p.mul(p.maximum(1e-30).log()).sum().neg() as tf.Scalar;
    kept.push([tf.keep(t.square().mean() as tf.Scalar), tf.keep(entropy)]);
  });
  tf.dispose([input, out]);
  const stats: LayerStats[] = [];
  for (const [i, [ms, ent]] of kept.entries()) {
    stats.push({
      layer: i,
      meanSquare: (await ms.data())[0]!,
      channelEntropy: (await ent.data())[0]!,
    });
  }
  tf.dispose(kept.flat());
  return stats;
}
