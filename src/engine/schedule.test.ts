import { describe, expect, it } from 'vitest';
import { floatSink } from './bands';
import { cropTile, runTiles, type ComputeTile } from './schedule';

const image = (h: number, w: number) => {
  const data = new Uint8Array(h * w * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37) % 256;
  return { width: w, height: h, data };
};

/** A ×2 nearest-neighbour "network" that finishes its tiles after `delay(t)` ms. */
const upscale2 =
  (delay: (index: number) => number, seen: number[] = []): ComputeTile =>
  async (crop, t) => {
    const index = seen.push(t.y * 1000 + t.x) - 1;
    await new Promise((r) => setTimeout(r, delay(index)));
    const out = new Float32Array(crop.length * 4);
    for (let y = 0; y < t.h * 2; y++)
      for (let x = 0; x < t.w * 2; x++)
        for (let c = 0; c < 3; c++)
          out[(y * t.w * 2 + x) * 3 + c] = crop[((y >> 1) * t.w + (x >> 1)) * 3 + c]! * 0.9;
    return out;
  };

async function run(compute: ComputeTile, concurrency: number, signal?: AbortSignal) {
  const sink = floatSink(2 * 70, 2 * 50);
  const options = { tile: 16, overlap: 4, scale: 2, concurrency, signal };
  await runTiles(image(50, 70), compute, sink, options);
  return sink.data;
}

describe('runTiles', () => {
  it('gives the same image with tiles finishing out of order on several lanes', async () => {
    const inOrder = await run(
      upscale2(() => 0),
      1,
    );
    const shuffled = await run(
      upscale2((i) => (i * 7) % 5),
      3,
    ); // later tiles often finish first
    expect(shuffled).toEqual(inOrder);
  });

  it('keeps `concurrency` tiles in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const inner = upscale2(() => 2);
    await run(async (crop, t, signal) => {
      most = Math.max(most, ++inFlight);
      const out = await inner(crop, t, signal);
      inFlight--;
      return out;
    }, 3);
    expect(most).toBe(3);
  });

  it('reports the failing tile’s error, not the aborts it causes in the other lanes', async () => {
    const inner = upscale2(() => 1);
    let calls = 0;
    const failing: ComputeTile = (crop, t, signal) =>
      ++calls === 4 ? Promise.reject(new Error('worker crashed')) : inner(crop, t, signal);
    await expect(run(failing, 2)).rejects.toThrow('worker crashed');
    expect(calls).toBeLessThan(8); // of 24: dispatch stopped
  });

  it('stops dispatching on abort and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const inner = upscale2(() => 1, seen);
    const compute: ComputeTile = (crop, t, signal) => {
      if (seen.length === 3) controller.abort();
      return inner(crop, t, signal);
    };
    await expect(run(compute, 2, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBeLessThanOrEqual(5);
  });
});

describe('cropTile', () => {
  it('reads RGB or RGBA, floats or bytes, into the same floats', () => {
    const rgb = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => i * 5);
    const rgba = new Uint8ClampedArray(4 * 3 * 4);
    for (let p = 0; p < 12; p++) rgba.set([...rgb.subarray(p * 3, p * 3 + 3), 77], p * 4);
    const t = { y: 1, x: 1, h: 2, w: 2 };
    const fromRgb = cropTile({ width: 4, height: 3, data: rgb }, t);
    expect(cropTile({ width: 4, height: 3, data: rgba, channels: 4 }, t)).toEqual(fromRgb);
    const floats = Float32Array.from(rgb, (v) => v / 255);
    expect(cropTile({ width: 4, height: 3, data: floats }, t)).toEqual(fromRgb);
    expect(fromRgb[0]).toBeCloseTo(((1 * 4 + 1) * 3 * 5) / 255, 6);
  });
});
