/** AVIF and HEIC share one container (ISO-BMFF / HEIF): an `ftyp` box names the brands, and the
 * image's size sits in an `ispe` property inside `meta`, before any pixel data. Browsers decode
 * AVIF (a common format of web images) but not HEIC (what iPhones save), so the two are told
 * apart here, from the header alone. */

const AVIF_BRANDS = ['avif', 'avis'];
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'];

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

/** 'avif', 'heic' (HEVC or another HEIF that browsers do not decode), or null: not HEIF. */
export function heifKind(b: Uint8Array): 'avif' | 'heic' | null {
  if (b.length < 16 || fourcc(b, 4) !== 'ftyp') return null;
  const end = Math.min(b.length, new DataView(b.buffer, b.byteOffset).getUint32(0));
  const brands = [fourcc(b, 8)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(fourcc(b, at));
  if (brands.some((x) => AVIF_BRANDS.includes(x))) return 'avif';
  if (brands.some((x) => HEIC_BRANDS.includes(x))) return 'heic';
  return null;
}

interface Box {
  type: string;
  start: number; // first byte of the box's contents
  end: number;
}

/** The boxes laid out between `from` and `to` (a truncated last box ends at `to`). */
function boxes(b: Uint8Array, v: DataView, from: number, to: number): Box[] {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to;) {
    let size = v.getUint32(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = v.getUint32(at + 8) * 2 ** 32 + v.getUint32(at + 12); // 64-bit size
      header = 16;
    } else if (size === 0) size = to - at; // to the end
    if (size < header) break;
    out.push({ type: fourcc(b, at + 4), start: at + header, end: Math.min(at + size, to) });
    at += size;
  }
  return out;
}

/** [width, height] of the largest image the file describes (the primary image, or the grid a
 * camera tiles it into), or null where the header holds none. */
export function heifSize(b: Uint8Array): [number, number] | null {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const child = (list: Box[], type: string) => list.find((x) => x.type === type);
  const meta = child(boxes(b, v, 0, b.length), 'meta');
  if (!meta) return null;
  // meta is a full box: 4 bytes of version and flags come before its children
  const iprp = child(boxes(b, v, meta.start + 4, meta.end), 'iprp');
  const ipco = iprp && child(boxes(b, v, iprp.start, iprp.end), 'ipco');
  if (!ipco) return null;
  let best: [number, number] | null = null;
  for (const p of boxes(b, v, ipco.start, ipco.end)) {
    if (p.type !== 'ispe' || p.start + 12 > p.end) continue;
    const size: [number, number] = [v.getUint32(p.start + 4), v.getUint32(p.start + 8)];
    if (!best || size[0] * size[1] > best[0] * best[1]) best = size;
  }
  return best;
}
