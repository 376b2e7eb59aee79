import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRestorer, type RgbImage, type TileNetwork } from './restorer';
import { BandBlender, floatSink } from './bands';
import { axisStarts, planTiles, rampWeights } from './tiling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function coverage(h: number, w: number, tile: number, overlap: number): Float32Array {
  const sink = floatSink(w, h); // 3 channels: a constant 1 everywhere blends back to 1
  const blender = new BandBlender(h, w, 3, overlap, Math.min(tile, h), sink);
  for (const t of planTiles(h, w, tile, overlap))
    blender.add(new Float32Array(t.h * t.w * 3).fill(1), t.y, t.x, t.h, t.w);
  blender.finish();
  return sink.data;
}

describe('planTiles', () => {
  it.each([
    [1, 1],
    [5, 3],
    [64, 64],
    [65, 200],
    [123, 77],
    [300, 301],
  ])('covers every pixel of %ix%i with normalized weights summing to 1', (h, w) => {
    const blended = coverage(h, w, 64, 8);
    expect(blended.length).toBe(h * w * 3);
    expect(blended.every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
    for (const t of planTiles(h, w, 64, 8)) {
      expect(t.y + t.h).toBeLessThanOrEqual(h);
      expect(t.x + t.w).toBeLessThanOrEqual(w);
    }
  });

  it('overlaps neighbours by at least the overlap and ends flush with the edge', () => {
    const starts = axisStarts(200, 64, 16);
    expect(starts[0]).toBe(0);
    expect(starts.at(-1)).toBe(200 - 64);
    for (let i = 1; i < starts.length; i++)
      expect(starts[i - 1]! + 64 - starts[i]!).toBeGreaterThanOrEqual(16);
  });

  it('plans a 48 MP photo in row-major order, each row of tiles one band deep', () => {
    const [h, w] = [6000, 8000];
    const tiles = planTiles(h, w, 128, 16);
    const rows = axisStarts(h, 128, 16);
    const cols = axisStarts(w, 128, 16);
    expect(tiles).toHaveLength(rows.length * cols.length);
    expect([rows.length, cols.length]).toEqual([54, 72]);
    // non-decreasing y (what the band blender needs), and a band never taller than a tile
    for (let i = 1; i < tiles.length; i++)
      expect(tiles[i]!.y).toBeGreaterThanOrEqual(tiles[i - 1]!.y);
    expect(Math.max(...tiles.map((t) => t.h))).toBe(128);
    expect(tiles.at(-1)).toEqual({ y: h - 128, x: w - 128, h: 128, w: 128 });
  });

  it('uses one tile for an image smaller than a tile', () => {
    expect(planTiles(10, 7, 64, 8)).toEqual([{ y: 0, x: 0, h: 10, w: 7 }]);
  });

  it('rejects bad settings with exact messages', () => {
    expect(() => planTiles(10, 10, 0, 0)).toThrow('tile size must be a positive integer, got 0');
    expect(() => planTiles(10, 10, 32, 16)).toThrow(
      'overlap must be at least 0 and less than half the tile (32), got 16',
    );
    expect(() => planTiles(0, 10, 32, 4)).toThrow('image must be at least 1x1, got 10x0');
  });

  it('fades only interior edges, smoothly', () => {
    const w = rampWeights(32, 8, true, false);
    expect(w[31]).toBe(1);
    expect(w[0]).toBeGreaterThan(0);
    expect(w[0]).toBeLessThan(0.05);
    for (let i = 1; i < 8; i++) expect(w[i]).toBeGreaterThan(w[i - 1]!);
  });
});

/** A pure per-pixel "network": nearest-neighbour upscaling of a colour curve. */
function perPixelNetwork(scale: number): TileNetwork {
  return {
    scale,
    forward: (x) =>
      tf.tidy(() => {
        const y = x.square().mul(0.5).add(x.mul(0.25)) as tf.Tensor4D;
        const [, h, w] = y.shape;
        return scale > 1 ? tf.image.resizeNearestNeighbor(y, [h * scale, w * scale]) : y;
      }),
    dispose: () => {},
  };
}

function randomImage(h: number, w: number): RgbImage {
  const data = new Float32Array(h * w * 3);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000;
  return { width: w, height: h, data };
}

describe('tiled restore', () => {
  it.each([
    [1, 1, 1],
    [1, 37, 53],
    [2, 37, 53],
    [4, 9, 130],
  ])('of a per-pixel model (scale %i, %ix%i) equals the untiled output', async (s, h, w) => {
    const net = perPixelNetwork(s);
    const image = randomImage(h, w);
    const tiled = await createRestorer(net).restore(image, { tile: 16, overlap: 4 });
    const whole = await createRestorer(net).restore(image, { tile: 512, overlap: 0 });
    expect([tiled.width, tiled.height]).toEqual([w * s, h * s]);
    let maxDiff = 0;
    for (let i = 0; i < whole.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs(tiled.data[i]! - whole.data[i]!));
    expect(maxDiff).toBeLessThan(1e-6); // float32 rounding of the weighted mean only
  });

  it('reports progress per tile and stops between tiles on abort', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const restorer = createRestorer(perPixelNetwork(1));
    const run = restorer.restore(randomImage(40, 40), {
      tile: 16,
      overlap: 2,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (p.done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([1, 2]);
    const again = await restorer.restore(randomImage(8, 8));
    expect(again.width).toBe(8);
  });

  it('lets a cancel that arrives as a message (a macrotask) stop the run within a tile', async () => {
    // In a worker the abort arrives as a message event. On wasm `await data()` settles as a
    // microtask, so a loop of such awaits would finish every tile before the message is read.
    const controller = new AbortController();
    let tiles = 0;
    const net = perPixelNetwork(1);
    const counting: TileNetwork = { ...net, forward: (x) => (tiles++, net.forward(x)) };
    const run = createRestorer(counting).restore(randomImage(64, 64), {
      tile: 8,
      overlap: 0,
      signal: controller.signal,
    });
    const message = new MessageChannel(); // what the worker's "abort" is: a posted message
    message.port1.onmessage = () => (controller.abort(), message.port1.close());
    message.port2.postMessage('abort');
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tiles).toBeLessThanOrEqual(2); // of 64
  });
});
