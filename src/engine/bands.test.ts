import { describe, expect, it } from 'vitest';
import { BandBlender, floatSink, RgbaImageSink, uint8Sink, type RowSink } from './bands';
import { planTiles, rampWeights, type Tile } from './tiling';

/** Deterministic tile outputs that differ between overlapping tiles, so blending matters. */
function tileData(t: { y: number; x: number; h: number; w: number }, c: number): Float32Array {
  const d = new Float32Array(t.h * t.w * c);
  for (let i = 0; i < d.length; i++) d[i] = Math.sin(i * 0.37 + t.y * 1.3 + t.x * 0.7) * 0.5 + 0.5;
  return d;
}

/** The whole-image blend computed another way, as an oracle: for each output pixel, the
 * weighted mean over the tiles that cover it (float32 sums in tile order, as any blender must). */
function wholeImageBlend(h: number, w: number, tiles: Tile[], overlapOut: number): Float32Array {
  const out = new Float32Array(h * w * 3);
  const weights = tiles.map((t) => ({
    wy: rampWeights(t.h, overlapOut, t.y > 0, t.y + t.h < h),
    wx: rampWeights(t.w, overlapOut, t.x > 0, t.x + t.w < w),
    data: tileData(t, 3),
  }));
  const sum = new Float32Array(4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      sum.fill(0);
      tiles.forEach((t, n) => {
        if (y < t.y || y >= t.y + t.h || x < t.x || x >= t.x + t.w) return;
        const { wy, wx, data } = weights[n]!;
        const k = wy[y - t.y]! * wx[x - t.x]!;
        sum[3] += k;
        for (let c = 0; c < 3; c++) sum[c] += k * data[((y - t.y) * t.w + (x - t.x)) * 3 + c]!;
      });
      for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = sum[c]! / sum[3]!;
    }
  }
  return out;
}

function blendBoth(h: number, w: number, tile: number, overlap: number, s: number) {
  const outTiles = planTiles(h, w, tile, overlap).map((t) => ({
    y: t.y * s,
    x: t.x * s,
    h: t.h * s,
    w: t.w * s,
  }));
  const sink = floatSink(w * s, h * s);
  const rows: number[] = [];
  const recording: RowSink = {
    write: (data, y, count) => {
      rows.push(y, count);
      sink.write(data, y);
    },
  };
  const bands = new BandBlender(h * s, w * s, 3, overlap * s, Math.min(tile, h) * s, recording);
  for (const o of outTiles) bands.add(tileData(o, 3), o.y, o.x, o.h, o.w);
  bands.finish();
  return { whole: wholeImageBlend(h * s, w * s, outTiles, overlap * s), banded: sink.data, rows };
}

describe('BandBlender', () => {
  it.each([
    [37, 53, 16, 4, 1],
    [100, 30, 32, 8, 2],
    [9, 130, 16, 2, 4],
    [200, 201, 64, 16, 1],
    [5, 5, 64, 8, 2],
  ])('equals the whole-image blender (%ix%i, tile %i, overlap %i, ×%i)', (h, w, tile, ov, s) => {
    const { whole, banded, rows } = blendBoth(h, w, tile, ov, s);
    let most = 0;
    for (let i = 0; i < whole.length; i++) most = Math.max(most, Math.abs(banded[i]! - whole[i]!));
    expect(most).toBeLessThan(1e-6); // float precision: same weights, summed in the same order
    let next = 0; // rows arrive once each, top to bottom, and all of them
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i]).toBe(next);
      next += rows[i + 1]!;
    }
    expect(next).toBe(h * s);
  });

  it('keeps floats for one band of rows only', () => {
    const sink = uint8Sink(4000, 3000);
    const bands = new BandBlender(3000, 4000, 3, 16, 128, sink);
    const internals = bands as unknown as { sum: Float32Array; weight: Float32Array };
    expect(internals.sum.length).toBe(128 * 4000 * 3);
    expect(internals.weight.length).toBe(128 * 4000);
  });

  it('rejects a tile that comes back above the finished rows', () => {
    const sink = { write: () => {} };
    const bands = new BandBlender(64, 8, 1, 0, 32, sink);
    bands.add(new Float32Array(32 * 8).fill(1), 0, 0, 32, 8);
    bands.add(new Float32Array(32 * 8).fill(1), 32, 0, 32, 8);
    expect(() => bands.add(new Float32Array(8), 0, 0, 1, 8)).toThrow(
      'tile at row 0 arrived after row 32 was finished',
    );
  });

  it('8-bit sink clips to [0, 1] and rounds to the nearest level', () => {
    const sink = uint8Sink(2, 1);
    sink.write(Float32Array.from([-0.2, 1.3, 0.4 / 255, 1.6 / 255, 0.25, 0.5]), 0);
    expect(Array.from(sink.data)).toEqual([0, 255, 0, 2, 64, 128]);
  });
});

describe('RgbaImageSink', () => {
  it('writes RGB rows as opaque RGBA, clipped and rounded', () => {
    const sink = new RgbaImageSink(2, 2);
    sink.write(Float32Array.from([0, 0.5, 1, 1.2, -1, 0.25]), 1);
    expect(Array.from(sink.data.subarray(8))).toEqual([0, 128, 255, 255, 255, 0, 64, 255]);
    expect(Array.from(sink.data.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
