import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBmp, peekSize, sniff } from './decoders';
import { readImage } from './image-io';

const PY = '/usr/bin/python3';
const hasPil = spawnSync(PY, ['-c', 'import PIL, numpy']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'decoders-'));

/** A 37x23 test card with edges, gradients and saturated colour (chroma subsampling shows). */
const CARD = `
import numpy as np, sys
from PIL import Image
y, x = np.mgrid[0:23, 0:37]
img = np.stack([(x * 7) % 256, (y * 11) % 256, ((x // 4 + y // 4) % 2) * 255], -1).astype(np.uint8)
im = Image.fromarray(img)
out = sys.argv[1]
im.save(out + '/card.png')
im.save(out + '/q50-420.jpg', quality=50, subsampling=2)
im.save(out + '/q90-444.jpg', quality=90, subsampling=0)
im.save(out + '/prog.jpg', quality=75, progressive=True)
im.save(out + '/card.webp', quality=60)
im.save(out + '/lzw.tif', compression='tiff_lzw')
im.save(out + '/plain.tif')
im.save(out + '/card.bmp')
im.convert('P', palette=Image.ADAPTIVE, colors=16).save(out + '/pal.bmp')
im.convert('CMYK').save(out + '/cmyk.jpg', quality=90)
im.convert('CMYK').save(out + '/cmyk.tif', compression='tiff_lzw')
`;

/** What Pillow decodes, as RGB bytes (the pixels training/ sees). */
function pillowRgb(file: string): Uint8Array {
  const code = `import sys, numpy as np; from PIL import Image; sys.stdout.buffer.write(np.asarray(Image.open(sys.argv[1]).convert('RGB')).tobytes())`;
  return new Uint8Array(execFileSync(PY, ['-c', code, file], { maxBuffer: 1 << 26 }));
}

describe.skipIf(!hasPil)('the command line decodes as Pillow does', () => {
  beforeAll(() => {
    execFileSync(PY, ['-c', CARD, dir]);
  });

  it.each([
    'card.png',
    'q50-420.jpg',
    'q90-444.jpg',
    'prog.jpg',
    'card.webp',
    'lzw.tif',
    'plain.tif',
    'cmyk.tif',
    'card.bmp',
    'pal.bmp',
  ])('%s: every byte equal', async (name) => {
    const ours = await readImage(join(dir, name));
    expect([ours.width, ours.height]).toEqual([37, 23]);
    expect(Buffer.from(ours.data).equals(Buffer.from(pillowRgb(join(dir, name))))).toBe(true);
  });

  it('reads a CMYK JPEG (print files) within one level of Pillow', async () => {
    const ours = await readImage(join(dir, 'cmyk.jpg'));
    const pillow = pillowRgb(join(dir, 'cmyk.jpg'));
    expect([ours.width, ours.height]).toEqual([37, 23]);
    expect(Math.max(...ours.data.map((v, i) => Math.abs(v - pillow[i]!)))).toBeLessThanOrEqual(1);
  });

  it("reads a JPEG with data after its end (a motion photo's video) as Pillow does", async () => {
    const withVideo = Buffer.concat([readFileSync(join(dir, 'q90-444.jpg')), Buffer.alloc(500, 7)]);
    writeFileSync(join(dir, 'motion.jpg'), withVideo);
    const ours = await readImage(join(dir, 'motion.jpg'));
    expect(Buffer.from(ours.data).equals(Buffer.from(pillowRgb(join(dir, 'q90-444.jpg'))))).toBe(
      true,
    );
  });

  it('refuses a JPEG cut short, as Pillow and Chromium do, rather than filling it grey', async () => {
    const whole = readFileSync(join(dir, 'q90-444.jpg'));
    writeFileSync(join(dir, 'cut.jpg'), whole.subarray(0, whole.length - 40));
    await expect(readImage(join(dir, 'cut.jpg'))).rejects.toThrow(
      /cut\.jpg: corrupt or truncated JPEG \(the file ends before its image data does\)/,
    );
  });

  it("gives the decoder's own reason for a JPEG it cannot read", async () => {
    writeFileSync(
      join(dir, 'empty.jpg'),
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 1, 2, 0xff, 0xd9]),
    );
    await expect(readImage(join(dir, 'empty.jpg'))).rejects.toThrow(
      /empty\.jpg: corrupt or truncated JPEG \(JPEG datastream contains no image\)$/,
    );
  });

  it('reads the size from a JPEG header before decoding', () => {
    const bytes = readFileSync(join(dir, 'q50-420.jpg'));
    expect(sniff(bytes)).toBe('jpeg');
    expect(peekSize('jpeg', bytes)).toEqual([37, 23]);
  });
});

/** A 24-bit BMP header of width x height in a file of `bytes` (pixel data left zero or cut). */
function bmpHeader(width: number, height: number, bytes: number): Uint8Array {
  const bmp = new Uint8Array(bytes);
  const v = new DataView(bmp.buffer);
  bmp.set([0x42, 0x4d]);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(28, 24, true);
  return bmp;
}

describe('image-io refuses what it cannot read, in one sentence', () => {
  it('names the file for an unknown format', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await expect(readImage(join(dir, 'notes.txt'))).rejects.toThrow(
      /notes\.txt: not a PNG, JPEG, WebP, BMP or TIFF image/,
    );
  });

  it('names AVIF and HEIC, which the app or a converter reads', async () => {
    writeFileSync(join(dir, 'web.avif'), readFileSync('e2e/fixtures/gradient-40x30.avif'));
    await expect(readImage(join(dir, 'web.avif'))).rejects.toThrow(
      /web\.avif: an AVIF image, which the command line does not read \(the app does\): convert it to PNG first/,
    );
    const heic = Buffer.alloc(64);
    heic.writeUInt32BE(24, 0);
    heic.write('ftypheic\0\0\0\0mif1heic', 4, 'latin1');
    writeFileSync(join(dir, 'IMG_1.HEIC'), heic);
    await expect(readImage(join(dir, 'IMG_1.HEIC'))).rejects.toThrow(
      /IMG_1\.HEIC: a HEIC photo, which the command line does not read: convert it to JPEG or PNG first/,
    );
  });

  it('refuses an image larger than the limit from its header alone', async () => {
    writeFileSync(join(dir, 'huge.bmp'), bmpHeader(10000, 10000, 54));
    await expect(readImage(join(dir, 'huge.bmp'))).rejects.toThrow(
      /huge\.bmp: 10000x10000 is more than 64 MP/,
    );
  });

  it('says a BMP is cut short', () => {
    expect(() => decodeBmp(bmpHeader(4, 4, 60))).toThrow(/pixel data is cut short/);
  });
});
