import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imresizeBicubic } from '../engine/bicubic';
import { psnr } from '../engine/metrics';
import { nodeFileSource } from '../engine/node-source';
import { loadPeer } from '../engine/peer';
import { createRestorer } from '../engine/restorer';
import { toUint8 } from './image-io';
import { openPeer, peerSpecs } from './peers';

const dir = mkdtempSync(join(tmpdir(), 'iln-peer-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A smooth colour image: any working ×s upscaler restores it to well over 30 dB. */
function smoothImage(w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++)
        out[(y * w + x) * 3 + c] = Math.round(
          128 + 80 * Math.sin(x / 9 + c) * Math.cos(y / 11 - c / 2),
        );
  return out;
}

describe('peer models from node_modules', () => {
  it.each(peerSpecs([2, 4]).map((s) => [s.label, s] as const))(
    '%s upscales through the tiler and leaks nothing',
    async (_label, spec) => {
      const before = tf.memory().numTensors;
      const peer = await openPeer(spec);
      const hr = smoothImage(64, 48);
      const lr = imresizeBicubic(hr, 64, 48, 3, 1 / spec.scale);
      const input = {
        width: lr.width,
        height: lr.height,
        data: Float32Array.from(lr.data, (v) => v / 255),
      };
      const restorer = createRestorer(peer);
      const out = toUint8(await restorer.restore(input, { tile: 8, overlap: 2 }));
      expect([out.width, out.height]).toEqual([64, 48]);
      const score = psnr({
        a: out.data,
        b: hr,
        width: 64,
        height: 48,
        border: spec.scale,
        space: 'y',
      });
      expect(score).toBeGreaterThan(30);
      expect(peer.parameterCount()).toBeGreaterThan(100_000);
      expect(peer.flopsPerOutputPixel()).toBeGreaterThan(10_000);
      restorer.dispose();
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('refuses a model whose output is not the claimed scale', async () => {
    const [x2] = peerSpecs([2]);
    await expect(openPeer({ ...x2!, scale: 4 })).rejects.toThrow(
      `${x2!.modelPath}: expected a ×4 RGB model, but 8×8 gives 1×16×16×3`,
    );
  });

  it('names a corrupt or foreign model.json', async () => {
    const bad = join(dir, 'model.json');
    writeFileSync(bad, '{"modelTopology": ');
    await expect(loadPeer(nodeFileSource, bad, 'bad', 2)).rejects.toThrow(`${bad}: not valid JSON`);
    writeFileSync(bad, '{"arch": {}}');
    await expect(loadPeer(nodeFileSource, bad, 'bad', 2)).rejects.toThrow(
      `${bad}: not a tfjs layers model (no modelTopology or weightsManifest)`,
    );
  });
});
