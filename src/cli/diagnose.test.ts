import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImage } from './image-io';

let dir = '';

/** A photo-like RGBA image: gradients, an edge, fine detail (`checks`: a checkered texture, else
 * stripes) and grain. */
function photo(width: number, height: number, grainLevels: number, checks = true): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  let s = 11;
  const grain = () => ((s = (1103515245 * s + 12345) >>> 0) >>> 16) % grainLevels;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const edge = x > width / 3 && y > height / 4 ? 50 : 0;
      const detail = 20 * Math.sin(x / 2.3) * (checks ? Math.sin(y / 3.1) : 1) + grain();
      const rgb = [60 + (120 * x) / width + edge, 90 + (80 * y) / height, 140 - edge / 2];
      out.set([...rgb.map((v) => v + detail), 255], (y * width + x) * 4);
    }
  return out;
}

const encode = (data: Uint8Array, width: number, height: number, q: number) =>
  jpeg.encode({ data, width, height }, q).data;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iln-diagnose-'));
  // a web image's history: a q=20 save re-saved at q=90
  const first = jpeg.decode(encode(photo(300, 200, 25), 300, 200, 20), { useTArray: true });
  writeFileSync(join(dir, 'web.jpg'), encode(first.data as Uint8Array, 300, 200, 90));
  // a clean photo, large enough not to need enlarging
  const png = new PNG({ width: 640, height: 520 });
  png.data.set(photo(640, 520, 3, false));
  writeFileSync(join(dir, 'clean.png'), PNG.sync.write(png));
  writeFileSync(join(dir, 'broken.jpg'), Buffer.from('not an image'));
  // a small noisy photo (noise far above a thumbnail's texture, no blocks)
  const noisy = new PNG({ width: 300, height: 200 });
  noisy.data.set(photo(300, 200, 3, false));
  let s = 3;
  const normal = () => {
    const u = ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    const v = ((s = (1664525 * s + 1013904223) >>> 0) + 0.5) / 2 ** 32;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  for (let i = 0; i < noisy.data.length; i++)
    if (i % 4 !== 3) noisy.data[i] = Math.max(0, Math.min(255, noisy.data[i]! + 30 * normal()));
  writeFileSync(join(dir, 'noisy.png'), PNG.sync.write(noisy));
  // tiny networks standing in for the models (their names are what --task auto looks up)
  cpSync('tests/fixtures/tiny-sr2-iln', join(dir, 'models', 'sr-x2-iln'), { recursive: true });
  cpSync('tests/fixtures/tiny-dn-iln', join(dir, 'models', 'denoise-iln'), { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function npm(
  script: string,
  ...args: string[]
): Promise<{ status: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['vite-node', `src/cli/${script}.ts`, '--', ...args],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({
          status,
          out: stdout.replaceAll(dir, '<dir>'),
          err: stderr.replaceAll(dir, '<dir>'),
        });
      },
    );
  });
}

describe('npm run diagnose', () => {
  it('prints the measures and the steps of each file, writes them as JSON, and reports an unreadable one', async () => {
    const files = ['web.jpg', 'clean.png', 'broken.jpg'].map((f) => join(dir, f));
    const run = await npm('diagnose', ...files, '--json', join(dir, 'd.json'));
    expect(run.status).toBe(1);
    expect(run.out).toMatch(
      /<dir>\/web\.jpg: 300x200, JPEG q=90, blockiness [\d.]+, noise [\d.]+ -> sr-x2/,
    );
    expect(run.out).toMatch(/<dir>\/clean\.png: 640x520, not a JPEG, .* -> none/);
    expect(run.err).toMatch(/broken\.jpg: not a PNG, JPEG/);
    const rows = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')) as Record<string, unknown>[];
    expect(rows.map((r) => Object.keys(r))).toEqual(
      Array(2).fill([
        'file',
        'width',
        'height',
        'jpegQuality',
        'blockiness',
        'noiseSigma',
        'suggested',
      ]),
    );
    expect(rows[0]!.suggested).toEqual(['sr-x2']); // the ×2 photo model removes the blocks itself
    expect(rows[1]!.jpegQuality).toBeNull();
  }, 60_000);
});

describe('npm run restore -- --task auto', () => {
  it('runs each image through its suggested steps and leaves a clean one alone', async () => {
    const models = join(dir, 'models');
    const images = ['web.jpg', 'noisy.png', 'clean.png'].map((f) => join(dir, f));
    const run = await npm('restore', ...images, '--task', 'auto', '--models', models);
    expect(run.status).toBe(0);
    expect(run.out).toContain('<dir>/web.jpg: Looks like: a JPEG re-saved over heavy compression');
    expect(run.out).toContain('<dir>/noisy.png: Looks like: an image, heavy noise');
    expect(run.out).toContain('<dir>/clean.png: Looks clean: nothing to restore');
    expect(run.out).toMatch(/web\.sr-x2\.iln\.png: 600x400 in [\d.]+ s on wasm \(sr-x2\)/);
    expect(run.out).toMatch(
      /noisy\.denoise\+sr-x2\.iln\.png: 600x400 in [\d.]+ s on wasm \(denoise, then sr-x2\)/,
    );
    const out = await readImage(join(dir, 'noisy.denoise+sr-x2.iln.png'));
    expect([out.width, out.height]).toEqual([600, 400]);
    expect(existsSync(join(dir, 'clean.sr-x2.iln.png'))).toBe(false);
  }, 180_000);
});
