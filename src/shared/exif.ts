/** A photo's EXIF (when it was taken, the camera, where) carried from the input file to the
 * restored one, so that a photo library files the result beside the original instead of under
 * the day it was restored. The block is a little TIFF structure; what the restore changed is
 * updated in a copy: the orientation (the pixels are upright now), the pixel size (super-
 * resolution), and the embedded thumbnail is dropped (it shows the unrestored image, and the
 * old orientation). */
import {
  concat,
  findBlock,
  hasAscii,
  ifdEntries,
  jpegSegment,
  jpegSegments,
  jpegWithSegments,
  pngChunks,
  tiffHeader,
  webpChunks,
  type IfdEntry,
} from './containers';

const EXIF = 'Exif\0\0';
const ORIENTATION = 0x0112;
const EXIF_IFD = 0x8769;
const PIXEL_X = 0xa002;
const PIXEL_Y = 0xa003;

/** Where a file's Exif block lies: JPEG's APP1 "Exif" segment, PNG's eXIf chunk, WebP's EXIF
 * chunk (a TIFF file is one itself: start 0). */
export function exifRange(kind: string, bytes: Uint8Array): { start: number; end: number } | null {
  if (kind === 'tiff') return { start: 0, end: bytes.length };
  let block = null;
  if (kind === 'jpeg')
    for (const s of jpegSegments(bytes))
      if (s.id === 0xe1 && hasAscii(bytes, s.start, EXIF)) block = block ?? s;
  if (kind === 'png') block = findBlock(pngChunks(bytes), 'eXIf');
  if (kind === 'webp') block = findBlock(webpChunks(bytes), 'EXIF');
  if (!block) return null;
  // some writers keep JPEG's "Exif\0\0" prefix inside a PNG or WebP chunk
  const skip = hasAscii(bytes, block.start, EXIF) ? EXIF.length : 0;
  return { start: block.start + skip, end: block.start + block.length };
}

/** A copy of a file's EXIF block, to carry into the output; none from a TIFF, whose tags are
 * the file itself. */
export function exifBlock(kind: string, bytes: Uint8Array): Uint8Array | null {
  const range = kind === 'tiff' ? null : exifRange(kind, bytes);
  return range ? new Uint8Array(bytes.subarray(range.start, range.end)) : null;
}

/** Sets a SHORT or LONG entry with one value. */
function setNumber(v: DataView, little: boolean, e: IfdEntry, value: number): void {
  if (e.count !== 1) return;
  if (e.type === 3) v.setUint16(e.at, Math.min(value, 0xffff), little);
  if (e.type === 4) v.setUint32(e.at, value, little);
}

/** A copy of the Exif block for the restored image: upright, its size, no thumbnail. */
export function exifForOutput(block: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(block); // a copy with its own buffer (a Buffer's slice is a view)
  const v = new DataView(out.buffer);
  const header = tiffHeader(v);
  if (!header) return out;
  const { little, ifd0 } = header;
  const { entries, next } = ifdEntries(v, little, ifd0);
  if (next >= 0) v.setUint32(next, 0, little); // the thumbnail's directory is no longer linked
  for (const e of entries) {
    if (e.tag === ORIENTATION) setNumber(v, little, e, 1);
    if (e.tag !== EXIF_IFD || e.type !== 4) continue;
    for (const sub of ifdEntries(v, little, v.getUint32(e.at, little)).entries) {
      if (sub.tag === PIXEL_X) setNumber(v, little, sub, width);
      if (sub.tag === PIXEL_Y) setNumber(v, little, sub, height);
    }
  }
  return out;
}

/** The JPEG with an APP1 Exif segment after its JFIF header (a block too large for one
 * segment is left out: EXIF in JPEG has no continuation). */
export function jpegWithExif(jpeg: Uint8Array, block: Uint8Array): Uint8Array<ArrayBuffer> {
  if (2 + EXIF.length + block.length > 0xffff) return new Uint8Array(jpeg);
  const payload = concat([Uint8Array.from(EXIF, (c) => c.charCodeAt(0)), block]);
  return jpegWithSegments(jpeg, [jpegSegment(0xe1, payload)]);
}
