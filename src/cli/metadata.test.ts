import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sniff } from './decoders';
import { readIccProfile } from './icc';
import { readImage, writeImage, writePng } from './image-io';

const PY = '/usr/bin/python3';
const hasPil = spawnSync(PY, ['-c', 'import PIL, numpy']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'metadata-'));

/** Profiles as bytes (a JPEG splits one over 64 KB across APP2 segments), written by Pillow
 * into each format the command line reads; the profile's bytes beside them. */
const FILES = `
import numpy as np, sys
from PIL import Image
out = sys.argv[1]
rng = np.random.default_rng(0)
small = rng.integers(0, 256, 3000, dtype=np.uint8).tobytes()
large = rng.integers(0, 256, 150000, dtype=np.uint8).tobytes()
open(out + '/small.icc', 'wb').write(small)
open(out + '/large.icc', 'wb').write(large)
im = Image.fromarray(rng.integers(0, 256, (20, 30, 3), dtype=np.uint8))
im.save(out + '/small.jpg', quality=90, icc_profile=small)
im.save(out + '/large.jpg', quality=90, icc_profile=large)
im.save(out + '/small.png', icc_profile=small)
im.save(out + '/small.webp', lossless=True, icc_profile=small)
im.save(out + '/small.tif', icc_profile=small)
im.save(out + '/none.jpg', quality=90)
e = Image.Exif()
e[0x0112] = 6
e[0x0132] = '2024:05:06 07:08:09'
e[0x010f] = 'PhoneMaker'
e[0x8769] = {0x9003: '2024:05:06 07:08:09', 0xa002: 30, 0xa003: 20}
im.save(out + '/phone.jpg', quality=90, exif=e.tobytes())
`;

/** The EXIF of a file as Pillow reads it: IFD0 and the Exif IFD, as JSON. */
function pillowExif(file: string) {
  const code = `import sys, json; from PIL import Image
im = Image.open(sys.argv[1]); e = im.getexif()
print(json.dumps({'size': im.size, 'ifd0': {k: v for k, v in e.items() if k != 0x8769}, 'exif': dict(e.get_ifd(0x8769))}))`;
  return JSON.parse(execFileSync(PY, ['-c', code, file], { encoding: 'utf8' })) as {
    size: number[];
    ifd0: Record<string, unknown>;
    exif: Record<string, unknown>;
  };
}

const bytesOf = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

describe.skipIf(!hasPil)('the input’s colour profile goes into the output PNG', () => {
  beforeAll(() => {
    execFileSync(PY, ['-c', FILES, dir]);
  });

  it.each([
    ['small.jpg', 'small.icc'],
    ['large.jpg', 'large.icc'],
    ['small.png', 'small.icc'],
    ['small.webp', 'small.icc'],
    ['small.tif', 'small.icc'],
  ])('%s: the profile is read byte for byte', (name, icc) => {
    const bytes = bytesOf(name);
    const profile = readIccProfile(sniff(bytes)!, bytes);
    expect(profile && Buffer.from(profile).equals(bytesOf(icc))).toBe(true);
  });

  it('a file without a profile has none', () => {
    expect(readIccProfile('jpeg', bytesOf('none.jpg'))).toBeNull();
  });

  it('the written PNG and JPEG carry it, as Pillow reads it; the PNG’s pixels are intact', async () => {
    const image = await readImage(join(dir, 'large.jpg'));
    const out = join(dir, 'out.png');
    writePng(out, image, { icc: image.icc });
    const read = `import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); sys.stdout.buffer.write(im.info['icc_profile'])`;
    const profile = execFileSync(PY, ['-c', read, out], { maxBuffer: 1 << 24 });
    expect(profile.equals(bytesOf('large.icc'))).toBe(true);
    const jpg = join(dir, 'out.jpg');
    await writeImage(jpg, image, { icc: image.icc });
    expect(
      execFileSync(PY, ['-c', read, jpg], { maxBuffer: 1 << 24 }).equals(bytesOf('large.icc')),
    ).toBe(true);
    const png = PNG.sync.read(readFileSync(out));
    expect([png.width, png.height]).toEqual([30, 20]);
    const rgb = [...png.data].filter((_, i) => i % 4 !== 3);
    expect(Buffer.from(rgb).equals(Buffer.from(image.data))).toBe(true);
  });

  it('a phone photo’s EXIF goes into the PNG and the JPEG: its date and camera, upright, its size', async () => {
    const image = await readImage(join(dir, 'phone.jpg'));
    expect([image.width, image.height]).toEqual([20, 30]); // turned by its orientation
    const big = { ...image, width: 40, height: 60, data: new Uint8Array(40 * 60 * 3) };
    for (const name of ['out-exif.png', 'out-exif.jpg']) {
      await writeImage(join(dir, name), big, image);
      const read = pillowExif(join(dir, name));
      expect(read.size).toEqual([40, 60]);
      expect(read.ifd0).toEqual({ '274': 1, '306': '2024:05:06 07:08:09', '271': 'PhoneMaker' });
      expect(read.exif).toEqual({ '36867': '2024:05:06 07:08:09', '40962': 40, '40963': 60 });
    }
  });
});
