import { describe, expect, it } from 'vitest';
import {
  chooseTile,
  EQUAL_COST_MARGIN,
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
    // with no overlap to pay for, 128 costs 1 % less than 192: equal within the margin
    expect(chooseTile(timings, 0, 2)).toBe(192);
  });

  it('takes the largest tile within the margin of the cheapest, and no larger', () => {
    const at128 = { tile: 128, seconds: 1 };
    const same192 = (factor: number) => ({
      tile: 192,
      seconds: (176 / 112) ** 2 * factor, // the same cost per pixel times `factor`
    });
    expect(chooseTile([same192(1 + EQUAL_COST_MARGIN / 2), at128], 16, 1)).toBe(192);
    expect(chooseTile([same192(1 + 2 * EQUAL_COST_MARGIN), at128], 16, 1)).toBe(128);
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

  it('warms each size up, then times every size three times, each round in the other order', async () => {
    const d = fakeDevice({ 64: 0.2, 128: 0.42, 96: 0.3 });
    const timings = await measureTiles(d.run, [128, 64, 96], { now: d.now });
    expect(d.ran).toEqual([64, 96, 128, 64, 96, 128, 128, 96, 64, 64, 96, 128]);
    expect(timings.map((t) => [t.tile, +t.seconds.toFixed(3)])).toEqual([
      [64, 0.2],
      [96, 0.3],
      [128, 0.42],
    ]);
  });

  it('keeps the median of the timed calls: one slow call moves nothing', async () => {
    let clock = 0;
    let calls = 0;
    const run = async (side: number) => {
      calls++;
      // the 9th call (a timed 128) is held up four times over by something else on the machine
      clock += (side / 100) * (calls === 9 ? 4 : 1) * 1000;
    };
    const timings = await measureTiles(run, [64, 128], { now: () => clock });
    expect(timings.find((t) => t.tile === 128)!.seconds).toBeCloseTo(1.28, 6);
  });

  it('times every size, however slow one of them is (no stop on one sample)', async () => {
    const slow = { 64: 0.2, 96: 0.3, 128: 1.2, 192: 9, 256: 20 };
    const d = fakeDevice(slow);
    expect(await measureTiles(d.run, [64, 96, 128, 192, 256], { now: d.now })).toHaveLength(5);
  });
});

describe('a choice that holds on a noisy machine', () => {
  /** Seeded uniform numbers in [0, 1) (a small LCG, so the test is the same every run). */
  function lcg(seed: number) {
    let x = seed >>> 0;
    return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  }
  // cost per fresh input pixel relative to the best (256), as measured on wasm: the small tiles
  // pay for their overlap
  const relativeCost: Record<number, number> = { 64: 1.55, 96: 1.3, 128: 1.12, 192: 1.02, 256: 1 };
  const overlap = 16;
  const trueSeconds = (side: number) => relativeCost[side]! * 1e-5 * (side - overlap) ** 2;

  it('chooses a size within 5 % of the best cost in every one of 20 noisy measurements', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = lcg(seed);
      let clock = 0;
      // every call is up to 30 % slower than its true time (the browser, the other worker)
      const run = async (side: number) => {
        clock += trueSeconds(side) * (1 + 0.3 * random() ** 2) * 1000;
      };
      const timings = await measureTiles(run, [64, 96, 128, 192, 256], { now: () => clock });
      const chosen = chooseTile(timings, overlap, 1);
      expect(relativeCost[chosen], `seed ${seed} chose ${chosen}`).toBeLessThanOrEqual(1.05);
    }
  });
});
