import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import {
  blockQuality,
  BLOCKY,
  describe as describeImage,
  diagnose,
  measure,
  NOISY_SIGMA,
  suggest,
  type Measures,
} from './diagnose';

const clean: Measures = {
  width: 1600,
  height: 1200,
  jpegQuality: 92,
  blockiness: 0.1,
  noiseSigma: 1.5,
};

/** A photo-like RGBA image: gradients, an edge and fine texture (a photo's grain and detail;
 * a pure gradient has no steps off the grid to compare the grid's with). */
function photo(width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  let s = 7;
  const grain = () => ((s = (1103515245 * s + 12345) >>> 0) >>> 16) % 25;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const edge = x > width / 3 && y > height / 4 ? 50 : 0;
      const detail = 20 * Math.sin(x / 2.3) * Math.sin(y / 3.1) + grain();
      const rgb = [60 + (120 * x) / width + edge, 90 + (80 * y) / height, 140 - edge / 2];
      out.set([...rgb.map((v) => v + detail), 255], (y * width + x) * 4);
    }
  return out;
}

const save = (rgba: Uint8Array, w: number, h: number, q: number) =>
  new Uint8Array(jpeg.encode({ data: rgba, width: w, height: h }, q).data);
const open = (file: Uint8Array) => jpeg.decode(file, { useTArray: true, formatAsRGBA: true });

describe('suggest', () => {
  it('leaves a clean, large photo alone and enlarges only small ones', () => {
    expect(suggest(clean)).toEqual([]);
    expect(suggest({ ...clean, width: 480, height: 320 })).toEqual(['sr-x2']);
    expect(suggest({ ...clean, width: 200, height: 150 })).toEqual(['sr-x4']);
  });

  it('leaves the blocks of a thumbnail to its SR model, and removes noise with its JPEG in one step', () => {
    const blocky = { ...clean, blockiness: BLOCKY + 0.2 };
    expect(suggest(blocky)).toEqual(['dejpeg']);
    expect(suggest({ ...blocky, width: 200, height: 150 })).toEqual(['sr-x4']);
    expect(suggest({ ...blocky, width: 300, height: 200 })).toEqual(['sr-x2']);
    expect(suggest({ ...clean, jpegQuality: 40 })).toEqual(['dejpeg']);
    expect(suggest({ ...clean, noiseSigma: NOISY_SIGMA + 1, jpegQuality: 60 })).toEqual([
      'denoise',
    ]);
    // under visible blocks a save removed the fine noise: texture and ringing read as noise there
    expect(suggest({ ...blocky, noiseSigma: NOISY_SIGMA + 10 })).toEqual(['dejpeg']);
    expect(describeImage({ ...blocky, noiseSigma: 20 }, ['dejpeg'])).not.toMatch(/noise/);
  });

  it("does not take ringing for noise after a heavy save, nor a thumbnail's texture", () => {
    expect(suggest({ ...clean, jpegQuality: 25, noiseSigma: NOISY_SIGMA + 2 })).toEqual(['dejpeg']);
    expect(suggest({ ...clean, width: 300, height: 200, noiseSigma: 7 })).toEqual(['sr-x2']);
    expect(suggest({ ...clean, width: 300, height: 200, noiseSigma: 15 })).toEqual([
      'denoise',
      'sr-x2',
    ]);
  });
});

describe('describe', () => {
  it('says what a re-saved web JPEG is and what to do, in one line', () => {
    const m = { ...clean, width: 300, height: 200, jpegQuality: 90, blockiness: 0.58 };
    expect(describeImage(m, suggest(m))).toBe(
      'Looks like: a JPEG re-saved over heavy compression (blocks of about quality 30), little noise, 300×200 px. Suggested: ×2 (its photo model removes the blocks as it enlarges).',
    );
  });

  it('calls a clean photo clean, and names noise by its strength', () => {
    expect(describeImage(clean, [])).toBe(
      'Looks clean: nothing to restore (a JPEG saved at quality 92, little noise, 1600×1200 px).',
    );
    const noisy = { ...clean, jpegQuality: null, noiseSigma: 12.4 };
    expect(describeImage(noisy, suggest(noisy))).toMatch(
      /^Looks like: an image, heavy noise \(σ ≈ 12\).*Suggested: Denoise\.$/,
    );
  });

  it('reads a blocking strength as the quality of the save that leaves it', () => {
    expect(blockQuality(1.462)).toBe(10);
    expect(blockQuality(0.387)).toBe(50);
    expect(blockQuality(0.05)).toBe(90);
    expect(blockQuality(0.6)).toBeLessThan(blockQuality(0.4));
  });
});

describe('diagnose, end to end', () => {
  it('finds the blocks of a q=20 save under a q=90 re-save, and calls the single q=90 save clean', () => {
    const [w, h] = [320, 240];
    const pixels = photo(w, h);
    const once = save(pixels, w, h, 90);
    const resaved = save(open(save(pixels, w, h, 20)).data as Uint8Array, w, h, 90);
    const good = diagnose(measure(open(once).data, w, h, 4, once));
    const bad = diagnose(measure(open(resaved).data, w, h, 4, resaved));
    expect(good.jpegQuality).toBe(90);
    expect(bad.jpegQuality).toBe(90);
    expect(bad.blockiness).toBeGreaterThan(BLOCKY);
    expect(good.blockiness).toBeLessThan(BLOCKY);
    expect(bad.suggested).toEqual(['sr-x2']);
    expect(diagnose({ ...bad, width: 240, height: 180 }).suggested).toEqual(['sr-x4']);
    expect(good.suggested).toEqual(['sr-x2']);
    expect(bad.summary).toContain('re-saved over heavy compression');
  });
});
