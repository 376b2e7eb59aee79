import { describe, expect, it } from 'vitest';
import { ifdEntries, pngChunk, pngChunks, pngWithChunk, tiffHeader } from './containers';
import { crc32 } from './crc32';
import { exifForOutput, exifRange, jpegWithExif } from './exif';

/** A little-endian Exif block: IFD0 (Orientation 6, a link to the Exif IFD), then the Exif IFD
 * (PixelXDimension LONG 30, PixelYDimension SHORT 20), then IFD1 (a thumbnail's directory). */
function phoneExif(): Uint8Array {
  const b = new Uint8Array(80);
  const v = new DataView(b.buffer);
  b.set([0x49, 0x49, 42, 0]);
  v.setUint32(4, 8, true);
  const entry = (at: number, tag: number, type: number, value: number) => {
    v.setUint16(at, tag, true);
    v.setUint16(at + 2, type, true);
    v.setUint32(at + 4, 1, true);
    if (type === 3) v.setUint16(at + 8, value, true);
    else v.setUint32(at + 8, value, true);
  };
  v.setUint16(8, 2, true); // IFD0 at 8: two entries, then the link to IFD1
  entry(10, 0x0112, 3, 6);
  entry(22, 0x8769, 4, 38);
  v.setUint32(34, 64, true);
  v.setUint16(38, 2, true); // Exif IFD at 38
  entry(40, 0xa002, 4, 30);
  entry(52, 0xa003, 3, 20);
  v.setUint16(64, 0, true); // IFD1 at 64: empty here, but linked
  return b;
}

function values(block: Uint8Array, ifd: number) {
  const v = new DataView(block.buffer, block.byteOffset, block.byteLength);
  const { entries, next } = ifdEntries(v, tiffHeader(v)!.little, ifd);
  const read = entries.map((e) => [
    e.tag,
    e.type === 3 ? v.getUint16(e.at, true) : v.getUint32(e.at, true),
  ]);
  return { read, link: v.getUint32(next, true) };
}

describe('exifForOutput', () => {
  it('makes the copy upright, of the output size, with no thumbnail; the input stays', () => {
    const input = phoneExif();
    const out = exifForOutput(input, 40, 60);
    expect(values(out, 8)).toEqual({
      read: [
        [0x0112, 1],
        [0x8769, 38],
      ],
      link: 0,
    });
    expect(values(out, 38).read).toEqual([
      [0xa002, 40],
      [0xa003, 60],
    ]);
    expect(values(input, 8)).toEqual({
      read: [
        [0x0112, 6],
        [0x8769, 38],
      ],
      link: 64,
    });
  });

  it('leaves a block that is not TIFF as it is', () => {
    const junk = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(exifForOutput(junk, 1, 1)).toEqual(junk);
  });
});

describe('writing the block into a file', () => {
  it('JPEG: an APP1 Exif segment after the JFIF header, found again', () => {
    const jfif = [0xff, 0xe0, 0, 16, ...Array<number>(14).fill(0)];
    const jpeg = Uint8Array.from([0xff, 0xd8, ...jfif, 0xff, 0xda, 0, 2, 0xff, 0xd9]);
    const out = jpegWithExif(jpeg, phoneExif());
    expect([...out.subarray(0, 20)]).toEqual([0xff, 0xd8, ...jfif]);
    expect([...out.subarray(20, 22)]).toEqual([0xff, 0xe1]);
    const range = exifRange('jpeg', out)!;
    expect(out.subarray(range.start, range.end)).toEqual(phoneExif());
    expect([...out.subarray(-6)]).toEqual([0xff, 0xda, 0, 2, 0xff, 0xd9]);
  });

  it('PNG: an eXIf chunk after IHDR with a valid CRC, found again', () => {
    const ihdr = pngChunk('IHDR', new Uint8Array(13));
    const png = Uint8Array.from([
      0x89,
      0x50,
      0x4e,
      0x47,
      13,
      10,
      26,
      10,
      ...ihdr,
      ...pngChunk('IEND', new Uint8Array(0)),
    ]);
    const out = pngWithChunk(png, pngChunk('eXIf', phoneExif()));
    expect([...pngChunks(out)].map((c) => c.id)).toEqual(['IHDR', 'eXIf', 'IEND']);
    const range = exifRange('png', out)!;
    expect(out.subarray(range.start, range.end)).toEqual(phoneExif());
    expect([...out.subarray(-4)]).toEqual([0xae, 0x42, 0x60, 0x82]); // IEND's well-known CRC
  });

  it('crc32 is the IEEE one', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
