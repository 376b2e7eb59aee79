import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { ijgTable, jpegQuality, lumaTable, qualityOfTable } from './jpeg-tables';
import { blockiness, centralLuma, noiseSigma, type Luma } from './measures';

/** A deterministic normal generator (Box–Muller on a small LCG). */
function normals(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = () => ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

function luma(width: number, height: number, f: (x: number, y: number) => number): Luma {
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y);
  return { width, height, data };
}

function rgbaOf(l: Luma): Uint8Array {
  const out = new Uint8Array(l.width * l.height * 4);
  l.data.forEach((v, i) => {
    out.fill(Math.max(0, Math.min(255, Math.round(v))), i * 4, i * 4 + 3);
    out[i * 4 + 3] = 255;
  });
  return out;
}

describe('jpegQuality', () => {
  it('reads the quality of an IJG-style save from its tables', () => {
    const img = luma(32, 32, (x, y) => 100 + x + 2 * y);
    for (const q of [15, 35, 75, 90]) {
      const file = jpeg.encode({ data: rgbaOf(img), width: 32, height: 32 }, q).data;
      expect(jpegQuality(new Uint8Array(file))).toBe(q);
    }
  });

  it('inverts the IJG scaling for every quality, and says null for other files', () => {
    for (let q = 1; q <= 100; q++) expect(qualityOfTable(ijgTable(q))).toBe(q === 100 ? 100 : q);
    expect(jpegQuality(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))).toBeNull();
    expect(lumaTable(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
  });
});

describe('blockiness', () => {
  it('finds an 8-px grid of flat blocks at its offset, and none in a smooth noisy image', () => {
    const noise = normals(1);
    const level = (bx: number, by: number) => ((bx * 37 + by * 93) % 7) * 12;
    const blocks = luma(96, 80, (x, y) => 80 + level((x + 5) >> 3, (y + 3) >> 3) + noise());
    const b = blockiness(blocks);
    expect(b.strength).toBeGreaterThan(1);
    expect([b.x, b.y]).toEqual([3, 5]); // lines before columns ≡ 3 and rows ≡ 5 (mod 8)
    const smooth = luma(96, 80, (x, y) => 60 + x + y + 3 * noise());
    expect(blockiness(smooth).strength).toBeLessThan(0.1);
  });
});

describe('noiseSigma', () => {
  it('reads white noise on flat grey as its sigma', () => {
    for (const sigma of [5, 10, 20]) {
      const noise = normals(sigma);
      const read = noiseSigma(luma(256, 256, () => 128 + sigma * noise()));
      expect(read).toBeGreaterThan(0.9 * sigma);
      expect(read).toBeLessThan(1.1 * sigma);
    }
  });

  it('does not read edges and stripes as noise, nor clipped black', () => {
    const stripes = luma(256, 256, (x, y) => 128 + 60 * Math.sin(x / 3) + (y > 100 ? 40 : 0));
    expect(noiseSigma(stripes)).toBeLessThan(0.5);
    const diagonal = luma(256, 256, (x, y) => 128 + 60 * Math.sin((x + y) / 4));
    expect(noiseSigma(diagonal)).toBeLessThan(0.5);
    expect(noiseSigma(luma(64, 64, () => 0))).toBe(0);
  });
});

describe('centralLuma', () => {
  it('takes BT.601 luma of the central crop', () => {
    const rgb = new Uint8Array(6 * 4 * 3);
    for (let i = 0; i < 6 * 4; i++) rgb.set([i, 2 * i, 3 * i], i * 3);
    const l = centralLuma(rgb, 6, 4, 3, 2);
    expect([l.width, l.height]).toEqual([2, 2]);
    const i = 1 * 6 + 2; // (x 2, y 1)
    expect(l.data[0]).toBeCloseTo(0.299 * i + 0.587 * 2 * i + 0.114 * 3 * i, 4);
  });
});
