/** The metadata blocks of image files, without decoding pixels: JPEG segments, PNG chunks, WebP
 * (RIFF) chunks and TIFF directory entries, each as where its payload lies in the file. Readers
 * stop at the first thing that does not parse: metadata is optional, the pixels decide. Writers
 * put a JPEG segment or a PNG chunk into an encoded file, where metadata goes. */
import { crc32 } from './crc32';

export interface Block {
  /** JPEG: the marker byte (0xe1 for APP1); PNG and WebP: the chunk type. */
  id: number | string;
  /** Where the payload starts in the file, and its length. */
  start: number;
  length: number;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

export const hasAscii = (bytes: Uint8Array, at: number, s: string) =>
  at + s.length <= bytes.length && [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** JPEG marker segments up to the image data (SOS). */
export function* jpegSegments(bytes: Uint8Array): Generator<Block> {
  const v = view(bytes);
  for (let at = 2; at + 4 <= bytes.length && bytes[at] === 0xff;) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) return; // image data: no more metadata
    const length = v.getUint16(at + 2) - 2;
    if (length < 0 || at + 4 + length > bytes.length) return;
    yield { id: marker, start: at + 4, length };
    at += 4 + length;
  }
}

/** PNG chunks, IHDR to IEND. */
export function* pngChunks(bytes: Uint8Array): Generator<Block> {
  const v = view(bytes);
  for (let at = 8; at + 12 <= bytes.length;) {
    const length = v.getUint32(at);
    if (at + 12 + length > bytes.length) return;
    yield { id: fourcc(bytes, at + 4), start: at + 8, length };
    at += 12 + length;
  }
}

/** The chunks inside a WebP file's RIFF container. */
export function* webpChunks(bytes: Uint8Array): Generator<Block> {
  const v = view(bytes);
  for (let at = 12; at + 8 <= bytes.length;) {
    const length = v.getUint32(at + 4, true);
    if (at + 8 + length > bytes.length) return;
    yield { id: fourcc(bytes, at), start: at + 8, length };
    at += 8 + length + (length & 1); // chunks are padded to an even size
  }
}

export function findBlock(blocks: Iterable<Block>, id: number | string): Block | null {
  for (const b of blocks) if (b.id === id) return b;
  return null;
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Offset of the 4-byte value field, from the start of the TIFF structure. */
  at: number;
}

/** The byte order and first directory of a TIFF structure, or null if it is not one. */
export function tiffHeader(v: DataView): { little: boolean; ifd0: number } | null {
  if (v.byteLength < 8) return null;
  const order = v.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  return v.getUint16(2, little) === 42 ? { little, ifd0: v.getUint32(4, little) } : null;
}

/** The entries of the directory at `ifd` in a TIFF structure, and where its next-IFD link is
 * (-1 and no entries where the directory runs past the end). */
export function ifdEntries(v: DataView, little: boolean, ifd: number) {
  const entries: IfdEntry[] = [];
  if (ifd + 2 > v.byteLength) return { entries, next: -1 };
  const count = v.getUint16(ifd, little);
  if (ifd + 2 + count * 12 + 4 > v.byteLength) return { entries, next: -1 };
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    const [tag, type] = [v.getUint16(e, little), v.getUint16(e + 2, little)];
    entries.push({ tag, type, count: v.getUint32(e + 4, little), at: e + 8 });
  }
  return { entries, next: ifd + 2 + count * 12 };
}

/** An entry of the first directory of a TIFF structure that starts at `start` in `bytes` (a
 * TIFF file, or the Exif block inside a JPEG, PNG or WebP), with `at` made relative to `bytes`
 * (a value over 4 bytes lies at the offset that field holds, relative to `start`). */
export function tiffEntry(
  bytes: Uint8Array,
  start: number,
  tag: number,
): (IfdEntry & { little: boolean }) | null {
  if (start < 0 || start >= bytes.length) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  const header = tiffHeader(v);
  if (!header) return null;
  const entry = ifdEntries(v, header.little, header.ifd0).entries.find((e) => e.tag === tag);
  return entry ? { ...entry, at: start + entry.at, little: header.little } : null;
}

const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** A JPEG marker segment: FF, the marker, the length (itself included), the payload. */
export function jpegSegment(marker: number, payload: Uint8Array): Uint8Array {
  const length = 2 + payload.length;
  return concat([Uint8Array.of(0xff, marker, length >> 8, length & 0xff), payload]);
}

/** The JPEG with `segments` right after SOI and the JFIF header (APP0) when there is one. */
export function jpegWithSegments(
  jpeg: Uint8Array,
  segments: Uint8Array[],
): Uint8Array<ArrayBuffer> {
  const at = jpeg[3] === 0xe0 ? 4 + ((jpeg[4]! << 8) | jpeg[5]!) : 2;
  return concat([jpeg.subarray(0, at), ...segments, jpeg.subarray(at)]);
}

/** A PNG chunk: length, type, data, CRC of type and data. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = concat([new Uint8Array(4), latin1(type), data, new Uint8Array(4)]);
  const v = view(chunk);
  v.setUint32(0, data.length);
  v.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** The PNG with `chunk` right after its IHDR (where metadata chunks go: before the pixels). */
export function pngWithChunk(png: Uint8Array, chunk: Uint8Array): Uint8Array<ArrayBuffer> {
  const ihdrEnd = 8 + 12 + 13; // signature, then IHDR: length, type, 13 bytes, CRC
  return concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

export function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
