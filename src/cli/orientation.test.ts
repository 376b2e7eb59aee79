import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImage } from './image-io';
import { orient } from './orientation';

const PY = '/usr/bin/python3';
const hasPil = spawnSync(PY, ['-c', 'import PIL, numpy, torch']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'orientation-'));

/** A 3x2 RGBA image whose pixels are numbered 1-6 in the red channel, row by row. */
const NUMBERED = { width: 3, height: 2, data: new Uint8Array(24) };
NUMBERED.data.forEach((_, i) => (NUMBERED.data[i] = i % 4 === 0 ? i / 4 + 1 : 255));
const reds = (img: { data: Uint8Array }) => [...img.data].filter((_, i) => i % 4 === 0);

describe('orient', () => {
  it('turns a phone portrait (tag 6, stored turned anticlockwise) clockwise', () => {
    const upright = orient(NUMBERED, 6);
    expect([upright.width, upright.height]).toEqual([2, 3]);
    // 1 2 3      4 1
    // 4 5 6  ->  5 2
    //            6 3
    expect(reds(upright)).toEqual([4, 1, 5, 2, 6, 3]);
  });

  it('turns tag 8 anticlockwise and tag 3 upside down; tag 1 and unknown tags leave it', () => {
    expect(reds(orient(NUMBERED, 8))).toEqual([3, 6, 2, 5, 1, 4]);
    expect(reds(orient(NUMBERED, 3))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(orient(NUMBERED, 1)).toBe(NUMBERED);
    expect(orient(NUMBERED, 9)).toBe(NUMBERED);
  });
});

/** Every orientation in a JPEG, and a turned PNG, WebP and TIFF, written by Pillow. */
const FILES = `
import numpy as np, sys
from PIL import Image
y, x = np.mgrid[0:23, 0:37]
img = np.stack([(x * 7) % 256, (y * 11) % 256, ((x // 4 + y // 4) % 2) * 255], -1).astype(np.uint8)
im = Image.fromarray(img)
out = sys.argv[1]
def exif(o):
    e = Image.Exif()
    e[0x0112] = o
    return e.tobytes()
for o in range(1, 9):
    im.save(f'{out}/o{o}.jpg', quality=95, subsampling=0, exif=exif(o))
im.save(out + '/o6.png', exif=exif(6))
im.save(out + '/o8.webp', lossless=True, exif=exif(8))
im.save(out + '/o5.tif', tiffinfo={0x0112: 5})
`;

/** What training/ reads (data.load_rgb: Pillow, turned upright) of each file, beside it. */
const READ_BACK = `
import glob, sys, numpy as np
from training.data import load_rgb
for f in glob.glob(sys.argv[1] + '/o*.*'):
    a = load_rgb(f)
    open(f + '.rgb', 'wb').write(np.array(a.shape[1::-1], '<u4').tobytes() + a.tobytes())
`;

function pillowUpright(file: string): { size: number[]; rgb: Buffer } {
  const out = readFileSync(file + '.rgb');
  return { size: [out.readUInt32LE(0), out.readUInt32LE(4)], rgb: out.subarray(8) };
}

describe.skipIf(!hasPil)('the command line turns photos upright as Pillow does', () => {
  beforeAll(() => {
    execFileSync(PY, ['-c', FILES, dir]);
    execFileSync(PY, ['-c', READ_BACK, dir], { env: { ...process.env, PYTHONPATH: '.' } });
  });

  it.each(['o1.jpg', 'o2.jpg', 'o3.jpg', 'o4.jpg', 'o5.jpg', 'o6.jpg', 'o7.jpg', 'o8.jpg'])(
    '%s: same size and pixels',
    async (name) => {
      const ours = await readImage(join(dir, name));
      const pillow = pillowUpright(join(dir, name));
      expect([ours.width, ours.height]).toEqual(pillow.size);
      expect(Buffer.from(ours.data).equals(pillow.rgb)).toBe(true);
    },
  );

  it.each(['o6.png', 'o8.webp', 'o5.tif'])('%s: turned, same pixels', async (name) => {
    const ours = await readImage(join(dir, name));
    const pillow = pillowUpright(join(dir, name));
    expect([ours.width, ours.height]).toEqual([23, 37]);
    expect(pillow.size).toEqual([23, 37]);
    expect(Buffer.from(ours.data).equals(pillow.rgb)).toBe(true);
  });
});
