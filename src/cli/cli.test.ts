import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniff } from './decoders';
import { blendBytes } from '../shared/blend';
import { resizeAlpha } from '../shared/pixels';
import { checkKeepsAlpha, readImage, writePng } from './image-io';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iln-cli-'));
  cpSync('tests/fixtures/tiny-sr2-iln', join(dir, 'models', 'sr-x2-iln'), { recursive: true });
  const png = new PNG({ width: 20, height: 13 });
  for (let i = 0; i < png.data.length; i++) png.data[i] = i % 4 === 3 ? 255 : (i * 37) % 256;
  writeFileSync(join(dir, 'photo.png'), PNG.sync.write(png));
  const logo = new PNG({ width: 4, height: 2 });
  logo.data.fill(200);
  [0, 64, 128, 255, 255, 255, 0, 0].forEach((a, i) => (logo.data[i * 4 + 3] = a));
  writeFileSync(join(dir, 'logo.png'), PNG.sync.write(logo));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Asynchronous on purpose: a synchronous spawn blocks the test worker, and on a loaded machine
// Vitest then fails the run with 'Timeout calling "onTaskUpdate"' although every test passed.
function restore(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const models = args.includes('--models') ? [] : ['--models', join(dir, 'models')];
  const argv = ['vite-node', 'src/cli/restore.ts', '--', ...args, ...models];
  return new Promise((resolve) => {
    execFile('npx', argv, { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ status, out: stdout, err: stderr.replaceAll(dir, '<dir>') });
    });
  });
}

describe('npm run restore', () => {
  it('writes a PNG of the scaled size next to the input and reports the speed', async () => {
    const run = await restore(join(dir, 'photo.png'), '--task', 'sr-x2', '--tile', '16');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(
      /photo\.sr-x2\.iln\.png: 40x26 in [\d.]+ s on wasm \([\d.]+ s per output megapixel\)/,
    );
    const out = await readImage(join(dir, 'photo.sr-x2.iln.png'));
    expect([out.width, out.height]).toEqual([40, 26]);
  }, 60_000);

  it('writes JPEG when the output is named .jpg, close to the PNG it would write', async () => {
    const png = await restore(join(dir, 'photo.png'), '--task', 'sr-x2', '-o', join(dir, 'a.png'));
    const jpg = await restore(join(dir, 'photo.png'), '--task', 'sr-x2', '-o', join(dir, 'a.jpg'));
    expect([png.status, jpg.status]).toEqual([0, 0]);
    expect(sniff(readFileSync(join(dir, 'a.jpg')))).toBe('jpeg');
    const [a, b] = [await readImage(join(dir, 'a.png')), await readImage(join(dir, 'a.jpg'))];
    expect([b.width, b.height]).toEqual([40, 26]);
    let err = 0;
    for (let i = 0; i < a.data.length; i++) err += Math.abs(a.data[i]! - b.data[i]!);
    expect(err / a.data.length).toBeLessThan(4); // quality 95 of a noisy test pattern
  }, 120_000);

  it('takes the photo model by default where one is there, the benchmark model on request', async () => {
    const models = join(dir, 'models-both');
    cpSync('tests/fixtures/tiny-sr2-iln', join(models, 'sr-x2-iln'), { recursive: true });
    cpSync('tests/fixtures/tiny-sr2-iln', join(models, 'sr-x2-photo-iln'), { recursive: true });
    const photo = await restore(join(dir, 'photo.png'), '--task', 'sr-x2', '--models', models);
    expect(photo.out).toMatch(/photo\.sr-x2-photo\.iln\.png: 40x26 in/);
    const bench = await restore(
      ...[join(dir, 'photo.png'), '--task', 'sr-x2', '--variant', 'benchmark', '--models', models],
    );
    expect(bench.out).toMatch(/photo\.sr-x2\.iln\.png: 40x26 in/);
  }, 180_000);

  it('blends a same-size result with its input at --strength, as the app slider', async () => {
    const models = join(dir, 'models-dn');
    cpSync('tests/fixtures/tiny-dn-iln', join(models, 'denoise-iln'), { recursive: true });
    const args = [join(dir, 'photo.png'), '--task', 'denoise', '--models', models];
    const full = await restore(...args, '-o', join(dir, 'dn-100.png'));
    const half = await restore(...args, '--strength', '50', '-o', join(dir, 'dn-50.png'));
    expect([full.status, half.status]).toEqual([0, 0]);
    const input = await readImage(join(dir, 'photo.png'));
    const output = await readImage(join(dir, 'dn-100.png'));
    const blended = await readImage(join(dir, 'dn-50.png'));
    expect(Buffer.from(output.data).equals(Buffer.from(input.data))).toBe(false);
    expect([...blended.data]).toEqual([...blendBytes(output.data, input.data, 0.5, 3)]);
  }, 120_000);

  it('restores several images on one model, into a folder, reporting one it cannot read', async () => {
    const batch = join(dir, 'batch');
    mkdirSync(join(batch, 'out'), { recursive: true });
    cpSync(join(dir, 'photo.png'), join(batch, 'a.png'));
    cpSync(join(dir, 'photo.png'), join(batch, 'c.png'));
    writeFileSync(join(batch, 'b.png'), readFileSync(join(dir, 'photo.png')).subarray(0, 60));
    const inputs = ['a.png', 'b.png', 'c.png'].map((f) => join(batch, f));
    const run = await restore(...inputs, '--task', 'sr-x2', '-o', join(batch, 'out'));
    expect(run.status).toBe(1);
    expect(run.out).toMatch(/2 of 3 images restored/);
    expect(run.err).toMatch(/error: <dir>\/batch\/b\.png: corrupt or truncated PNG/);
    expect(run.err.trim().split('\n').at(-1)).toBe(
      'error: 1 of 3 images could not be restored (above)',
    );
    const one = await restore(join(batch, 'a.png'), '--task', 'sr-x2', '-o', join(batch, '1.png'));
    expect(one.status).toBe(0);
    const single = await readImage(join(batch, '1.png'));
    for (const name of ['a', 'c']) {
      const out = await readImage(join(batch, 'out', `${name}.sr-x2.iln.png`));
      expect(Buffer.from(out.data).equals(Buffer.from(single.data))).toBe(true);
    }
    expect(existsSync(join(batch, 'out', 'b.sr-x2.iln.png'))).toBe(false);
  }, 180_000);

  it('refuses -o naming one file for several images, before any model loads', async () => {
    const args = ['a.png', 'c.png', '-o', 'one.png', '--task', 'sr-x2'];
    const run = await restore(...args, '--models', join(dir, 'no-models'));
    expect(run.status).toBe(1);
    expect(run.err.trim()).toBe(
      'error: -o one.png names one file, but 2 images were given: name a folder that exists, or leave -o out to write each result beside its image',
    );
  }, 60_000);

  it.each([
    [['missing.png', '--task', 'sr-x2'], 'error: <dir>/missing.png: file not found'],
    [
      ['notes.txt', '--task', 'sr-x2'],
      'error: <dir>/notes.txt: not a PNG, JPEG, WebP, BMP or TIFF image',
    ],
    [
      ['photo.png', '--task', 'sr-x4'],
      'error: no model sr-x4-iln: <dir>/models/sr-x4-iln/model.json does not exist',
    ],
    [
      ['photo.png', '--task', 'sr-x2', '--variant', 'photo'],
      'error: no model sr-x2-photo-iln: <dir>/models/sr-x2-photo-iln/model.json does not exist',
    ],
    [
      ['photo.png', '--task', 'derain', '--variant', 'photo'],
      'error: no model derain-photo-iln: <dir>/models/derain-photo-iln/model.json does not exist',
    ],
    [
      ['photo.png', '--task', 'sr-x2', '--variant', 'fancy'],
      'error: --variant must be photo or benchmark, got "fancy"',
    ],
    [
      ['photo.png', '--task', 'sr-x2', '-o', '/nonexistent/dir/out.png'],
      'error: /nonexistent/dir/out.png: cannot write the output (ENOENT)',
    ],
    [
      ['photo.png', '--task', 'sr-x2', '-o', 'out.gif'],
      'error: out.gif: the output is written as PNG or JPEG: name it .png or .jpg',
    ],
    [
      ['logo.png', '--task', 'sr-x2', '-o', 'logo.jpg'],
      'error: <dir>/logo.png has transparency, which JPEG cannot keep: name the output .png',
    ],
    [
      ['photo.png', '--task', 'sr-x9'],
      'error: unknown task "sr-x9"; expected one of sr-x2, sr-x4, denoise, dejpeg, derain',
    ],
  ])(
    'fails clearly: %j',
    async (args, message) => {
      writeFileSync(join(dir, 'notes.txt'), 'not an image');
      const [first, ...rest] = args;
      const run = await restore(first!.startsWith('/') ? first! : join(dir, first!), ...rest);
      expect(run.status).toBe(1);
      expect(run.err.trim().split('\n').at(-1)).toBe(message);
    },
    60_000,
  );
});

describe('image-io', () => {
  it('rejects a truncated PNG with a clear message', async () => {
    const bytes = readFileSync(join(dir, 'photo.png'));
    writeFileSync(join(dir, 'cut.png'), bytes.subarray(0, 60));
    await expect(readImage(join(dir, 'cut.png'))).rejects.toThrow(
      /cut\.png: corrupt or truncated PNG/,
    );
  });

  it('round-trips RGB through PNG', async () => {
    const img = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => i * 14) };
    writePng(join(dir, 'rt.png'), img);
    const { icc, exif, alpha, ...read } = await readImage(join(dir, 'rt.png'));
    expect(read).toEqual(img);
    expect([icc, exif, alpha]).toEqual([null, null, null]);
  });

  it('keeps transparency: read as a plane, written resized, refused for a JPEG output', async () => {
    const logo = await readImage(join(dir, 'logo.png'));
    expect([...logo.alpha!]).toEqual([0, 64, 128, 255, 255, 255, 0, 0]);
    const big = { width: 8, height: 4, data: new Uint8Array(8 * 4 * 3) };
    writePng(join(dir, 'logo-x2.png'), big, logo);
    const written = PNG.sync.read(readFileSync(join(dir, 'logo-x2.png')));
    const alpha = Array.from({ length: 32 }, (_, i) => written.data[i * 4 + 3]);
    expect([...resizeAlpha(logo.alpha!, 4, 2, 8, 4, 1)]).toEqual(alpha);
    expect([alpha[0], Math.max(...alpha)]).toEqual([0, 255]);
    expect(() => checkKeepsAlpha('logo.png', logo, 'logo.jpg')).toThrow(
      'logo.png has transparency, which JPEG cannot keep: name the output .png',
    );
    expect(() => checkKeepsAlpha('photo.png', { ...logo, alpha: null }, 'p.jpg')).not.toThrow();
  });
});
