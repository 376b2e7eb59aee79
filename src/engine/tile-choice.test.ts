import { describe, expect, it } from 'vitest';
import {
  chooseTile,
  LARGER_TILE_MARGIN,
  measureTiles,
  secondsPerOutputPixel,
  tilesWithinMemory,
  TILE_BYTES_PER_PIXEL,
} from './tile-choice';

describe('the tile that costs least per output pixel', () => {
  it('counts only the pixels a tile adds beyond its overlap, at the output scale', () => {
    // 128-px tile, 16 overlap, ×2: (112·2)² new output pixels
    expect(secondsPerOutputPixel({ tile: 128, seconds: 1 }, 16, 2)).toBeCloseTo(1 / 224 ** 2, 12);
  });

  it('prefers a larger tile when it is cheaper per pixel, even though it takes longer', () => {
    const timings = [
      { tile: 64, seconds: 0.2 }, // 87 µs per input pixel of new area
      { tile: 128, seconds: 0.42 }, // 33
      { tile: 192, seconds: 0.95 }, // 31: 6 % cheaper than 128
      { tile: 256, seconds: 1.9 }, // 33
    ];
    expect(chooseTile(timings, 16, 2)).toBe(192);
    // the same times with no overlap to pay for: 128 costs less than 192 per pixel
    expect(chooseTile(timings, 0, 2)).toBe(128);
  });

  it('keeps the smaller tile unless the larger is cheaper by more than the margin', () => {
    const at128 = { tile: 128, seconds: 1 };
    const same192 = (factor: number) => ({
      tile: 192,
      seconds: (176 / 112) ** 2 * factor, // the same cost per pixel times `factor`
    });
    expect(chooseTile([same192(1 - LARGER_TILE_MARGIN / 2), at128], 16, 1)).toBe(128);
    expect(chooseTile([same192(1 - 2 * LARGER_TILE_MARGIN), at128], 16, 1)).toBe(192);
  });

  it('refuses what it cannot choose from, with the reason', () => {
    expect(() => chooseTile([], 16, 1)).toThrow('chooseTile needs at least one measured tile');
    expect(() => chooseTile([{ tile: 32, seconds: 1 }], 16, 1)).toThrow(
      'a measured tile needs a side over twice the overlap (16) and a time over 0, got 32 px in 1 s',
    );
  });
});

describe('the memory bound', () => {
  it('drops the tiles whose peak would not fit, keeping at least the smallest', () => {
    const mb = 2 ** 20;
    // wasm: 5.6 KB per pixel: 128² = 88 MB, 192² = 198 MB, 256² = 352 MB
    expect(tilesWithinMemory('wasm', 256 * mb)).toEqual([64, 96, 128, 192]);
    expect(tilesWithinMemory('webgpu', 256 * mb)).toEqual([64, 96, 128]);
    expect(tilesWithinMemory('wasm', 1)).toEqual([64]);
    expect(TILE_BYTES_PER_PIXEL.webgl).toBe(TILE_BYTES_PER_PIXEL.webgpu);
    expect(() => tilesWithinMemory('metal', mb)).toThrow(
      'unknown backend "metal"; expected one of wasm, cpu, webgl, webgpu',
    );
  });
});

describe('measuring', () => {
  /** A clock that advances by the tile's simulated time whenever the runner runs it. */
  function fakeDevice(secondsBySide: Record<number, number>) {
    let clock = 0;
    const ran: number[] = [];
    return {
      ran,
      now: () => clock,
      run: async (side: number) => {
        ran.push(side);
        clock += secondsBySide[side]! * 1000;
      },
    };
  }

  it('warms each size up, times it once, smallest first', async () => {
    const d = fakeDevice({ 64: 0.2, 128: 0.42, 96: 0.3 });
    const timings = await measureTiles(d.run, [128, 64, 96], { overlap: 16, scale: 1, now: d.now });
    expect(d.ran).toEqual([64, 64, 96, 96, 128, 128]);
    expect(timings.map((t) => [t.tile, +t.seconds.toFixed(3)])).toEqual([
      [64, 0.2],
      [96, 0.3],
      [128, 0.42],
    ]);
  });

  it('stops once a size costs clearly more than the best so far, unless told not to', async () => {
    // 128 costs twice what 96 does per pixel: 192 and 256 are not tried
    const slow = { 64: 0.2, 96: 0.3, 128: 1.2, 192: 9, 256: 20 };
    const early = fakeDevice(slow);
    await measureTiles(early.run, [64, 96, 128, 192, 256], {
      overlap: 16,
      scale: 1,
      now: early.now,
    });
    expect(early.ran).toEqual([64, 64, 96, 96, 128, 128]);
    const all = fakeDevice(slow);
    const options = { overlap: 16, scale: 1, now: all.now, stopEarly: false };
    expect(await measureTiles(all.run, [64, 96, 128, 192, 256], options)).toHaveLength(5);
  });
});
