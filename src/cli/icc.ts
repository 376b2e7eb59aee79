/** Colour profiles through the command line. The pixels are restored as stored (what Pillow,
 * and so training/, reads); the input's ICC profile goes into the output PNG, so a phone's
 * Display P3 photo keeps its colours in a viewer instead of being shown as if it were sRGB. */
import { deflateSync, inflateSync } from 'node:zlib';
import {
  findBlock,
  hasAscii,
  jpegSegments,
  pngChunk,
  pngChunks,
  pngWithChunk,
  tiffEntry,
  webpChunks,
} from '../shared/containers';
import type { ImageKind } from './decoders';

const JPEG_ICC = 'ICC_PROFILE\0';

/** A JPEG's profile: APP2 segments, each "ICC_PROFILE\0", its number, the count, a part. */
function jpegProfile(bytes: Uint8Array): Uint8Array | null {
  const parts: Uint8Array[] = [];
  for (const s of jpegSegments(bytes)) {
    if (s.id !== 0xe2 || !hasAscii(bytes, s.start, JPEG_ICC)) continue;
    const at = s.start + JPEG_ICC.length;
    parts[bytes[at]! - 1] = bytes.subarray(at + 2, s.start + s.length);
  }
  if (parts.length === 0 || parts.some((p) => !p)) return null; // a part missing: no profile
  return Buffer.concat(parts);
}

/** A PNG's iCCP chunk: a name, a NUL, the compression method (0), the deflated profile. */
function pngProfile(bytes: Uint8Array): Uint8Array | null {
  const chunk = findBlock(pngChunks(bytes), 'iCCP');
  if (!chunk) return null;
  const data = bytes.subarray(chunk.start, chunk.start + chunk.length);
  const nul = data.indexOf(0);
  if (nul < 0 || data[nul + 1] !== 0) return null;
  return inflateSync(data.subarray(nul + 2));
}

function tiffProfile(bytes: Uint8Array): Uint8Array | null {
  const entry = tiffEntry(bytes, 0, 34675); // InterColorProfile, UNDEFINED bytes
  if (!entry || entry.count <= 4) return null;
  const offset = new DataView(bytes.buffer, bytes.byteOffset).getUint32(entry.at, entry.little);
  return offset + entry.count <= bytes.length ? bytes.subarray(offset, offset + entry.count) : null;
}

/** The ICC profile a file carries, or null. A corrupt profile block counts as none. */
export function readIccProfile(kind: ImageKind, bytes: Uint8Array): Uint8Array | null {
  try {
    if (kind === 'jpeg') return jpegProfile(bytes);
    if (kind === 'png') return pngProfile(bytes);
    if (kind === 'tiff') return tiffProfile(bytes);
    if (kind === 'webp') {
      const chunk = findBlock(webpChunks(bytes), 'ICCP');
      return chunk ? bytes.subarray(chunk.start, chunk.start + chunk.length) : null;
    }
  } catch {
    // e.g. a profile that does not inflate
  }
  return null;
}

/** The PNG with an iCCP chunk for `profile` (named, method 0: deflate) after its IHDR. */
export function withIccProfile(png: Uint8Array, profile: Uint8Array): Uint8Array {
  const data = Buffer.concat([Buffer.from('ICC profile\0\0', 'latin1'), deflateSync(profile)]);
  return pngWithChunk(png, pngChunk('iCCP', data));
}
