import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heifKind, heifSize } from './heif';
import { readHeader } from '../ui/image/sniff';

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** An ISO-BMFF box: 32-bit size, type, then the contents (a full box's version and flags are
 * part of `body`). */
function box(type: string, ...body: Uint8Array[]): Uint8Array {
  const size = 8 + body.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(latin1(type), 4);
  let at = 8;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

function u32(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  values.forEach((x, i) => new DataView(out.buffer).setUint32(4 * i, x));
  return out;
}

const ftyp = (major: string, ...compatible: string[]) =>
  box('ftyp', latin1(major), u32(0), ...compatible.map(latin1));
const ispe = (w: number, h: number) => box('ispe', u32(0, w, h));

/** ftyp, then meta (full box) with hdlr and iprp/ipco holding the given properties. */
function heif(brands: string[], ...properties: Uint8Array[]): Uint8Array {
  const meta = box(
    'meta',
    u32(0),
    box('hdlr', u32(0, 0), latin1('pict'), u32(0, 0, 0)),
    box('iprp', box('ipco', ...properties)),
  );
  const head = ftyp(brands[0]!, ...brands);
  const out = new Uint8Array(head.length + meta.length + 16);
  out.set(head);
  out.set(meta, head.length);
  return out;
}

describe('HEIF headers', () => {
  it('reads a real AVIF (the e2e fixture, from libavif) as 40×30', () => {
    const bytes = new Uint8Array(readFileSync('e2e/fixtures/gradient-40x30.avif'));
    expect(readHeader(bytes)).toEqual({ kind: 'avif', width: 40, height: 30 });
  });

  it('takes the largest image of a tiled (grid) file, not its first tile', () => {
    const bytes = heif(['avif', 'mif1', 'miaf'], ispe(512, 512), ispe(4032, 3024));
    expect(heifSize(bytes)).toEqual([4032, 3024]);
  });

  it('tells AVIF from HEIC by any brand, and other files from both', () => {
    expect(heifKind(heif(['mif1', 'avif']))).toBe('avif');
    expect(heifKind(heif(['heic', 'mif1']))).toBe('heic');
    expect(heifKind(heif(['mif1']))).toBe('heic'); // HEIF without AV1: browsers cannot decode it
    expect(heifKind(heif(['isom', 'mp41']))).toBeNull(); // an MP4 video
    expect(heifKind(latin1('not an image at all'))).toBeNull();
  });

  it('names a HEIC photo and its way out in one sentence', () => {
    expect(() => readHeader(heif(['heic', 'mif1'], ispe(4032, 3024)), 'IMG_1.HEIC')).toThrow(
      'IMG_1.HEIC is a HEIC photo (what iPhones save), which browsers cannot decode: export it as JPEG first.',
    );
  });

  it('calls an AVIF without an image size corrupt', () => {
    expect(() => readHeader(heif(['avif']), 'a.avif')).toThrow(
      'a.avif looks like an AVIF but its header is corrupt or truncated.',
    );
    const real = new Uint8Array(readFileSync('e2e/fixtures/gradient-40x30.avif'));
    expect(heifSize(real.subarray(0, 100))).toBeNull(); // cut inside meta
  });
});
