/** The quality a JPEG was last saved at, read from its quantization tables (DQT segments): the
 * IJG quality (libjpeg, Pillow, browsers, most CMSs) whose scaled luminance table is nearest to
 * the file's. Encoders with tables of their own (cameras, Photoshop) get the nearest IJG
 * quality, which is what "quality" means to a user comparing saves. Only the last save leaves
 * tables: blocks baked in by an earlier save are measured from the pixels (blockiness.ts). */

/** The IJG base luminance table (ITU-T T.81 K.1), in natural (row-major) order. */
const BASE_LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
  14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
  92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** The zigzag position of each natural-order index: DQT stores its 64 values in zigzag order. */
const ZIGZAG = [
  0, 1, 5, 6, 14, 15, 27, 28, 2, 4, 7, 13, 16, 26, 29, 42, 3, 8, 12, 17, 25, 30, 41, 43, 9, 11, 18,
  24, 31, 40, 44, 53, 10, 19, 23, 32, 39, 45, 52, 54, 20, 22, 33, 38, 46, 51, 55, 60, 21, 34, 37,
  47, 50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63,
];

/** libjpeg's jpeg_quality_scaling and jpeg_add_quant_table (baseline: values clamped to 1..255). */
export function ijgTable(quality: number): number[] {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - 2 * q;
  return BASE_LUMA.map((b) => Math.min(255, Math.max(1, Math.floor((b * scale + 50) / 100))));
}

/** The luminance table (id 0) of a JPEG file, natural order, or null when the bytes are not a
 * JPEG or hold none before the image data. */
export function lumaTable(bytes: Uint8Array): number[] | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data: no table came first
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker === 0xdb) {
      const table = readDqt(bytes.subarray(i + 4, i + 2 + length));
      if (table) return table;
    }
    i += 2 + length;
  }
  return null;
}

/** The table with id 0 in one DQT segment's payload (which may hold several tables). */
function readDqt(payload: Uint8Array): number[] | null {
  let j = 0;
  while (j < payload.length) {
    const precision = payload[j]! >> 4; // 0: 8-bit values, 1: 16-bit
    const id = payload[j]! & 15;
    const size = precision ? 128 : 64;
    if (j + 1 + size > payload.length) return null;
    const values = ZIGZAG.map((z) =>
      precision ? (payload[j + 1 + 2 * z]! << 8) | payload[j + 2 + 2 * z]! : payload[j + 1 + z]!,
    );
    if (id === 0) return values;
    j += 1 + size;
  }
  return null;
}

/** The IJG quality (1..100) nearest to a luminance table: least summed |log ratio|, so a
 * table's small and large entries count alike. */
export function qualityOfTable(table: number[]): number {
  let best = 1;
  let bestCost = Infinity;
  for (let q = 1; q <= 100; q++) {
    const ref = ijgTable(q);
    let cost = 0;
    for (let k = 0; k < 64; k++) cost += Math.abs(Math.log(table[k]! / ref[k]!));
    if (cost <= bestCost + 1e-9) [best, bestCost] = [q, cost]; // ties: the highest (all-ones tables)
  }
  return best;
}

/** The quality of the last save of a JPEG file, or null for any other file. */
export function jpegQuality(bytes: Uint8Array): number | null {
  const table = lumaTable(bytes);
  return table ? qualityOfTable(table) : null;
}
