/** The metadata blocks of image files, without decoding pixels: JPEG segments, PNG chunks, WebP
 * (RIFF) chunks and TIFF directory entries, each as where its payload lies in the file. Readers
 * stop at the first thing that does not parse: metadata is optional, the pixels decide. */

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

/** An entry of the first directory of a TIFF structure that starts at `start` (a TIFF file, or
 * the Exif block inside a JPEG, PNG or WebP): its type, count, and the value field's offset in
 * the file (a value over 4 bytes lies at the offset that field holds, relative to `start`). */
export function tiffEntry(
  bytes: Uint8Array,
  start: number,
  tag: number,
): { type: number; count: number; at: number; little: boolean } | null {
  if (start < 0 || start + 8 > bytes.length) return null;
  const little = hasAscii(bytes, start, 'II');
  if (!little && !hasAscii(bytes, start, 'MM')) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  if (v.getUint16(2, little) !== 42) return null;
  const ifd = v.getUint32(4, little);
  if (ifd + 2 > v.byteLength) return null;
  const count = v.getUint16(ifd, little);
  for (let i = 0; i < count && ifd + 14 + i * 12 <= v.byteLength; i++) {
    const entry = ifd + 2 + i * 12;
    if (v.getUint16(entry, little) !== tag) continue;
    const type = v.getUint16(entry + 2, little);
    return { type, count: v.getUint32(entry + 4, little), at: start + entry + 8, little };
  }
  return null;
}
