// Test images in the less common formats and with metadata, made byte by byte.
import jpeg from 'jpeg-js';

/** A 40×30 AVIF (386 bytes; no AVIF encoder is a dependency): the gradient R = 6x, G = 8y,
 * B = 128, encoded once with @jsquash/avif 2.1.1 at quality 90. */
export const AVIF_FIXTURE = 'e2e/fixtures/gradient-40x30.avif';

/** The first bytes of an iPhone's HEIC: an ftyp box with the heic brand, then a meta box. */
export function makeHeicHeader() {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.write('mif1heic', 16, 'latin1');
  const meta = Buffer.alloc(12);
  meta.writeUInt32BE(12, 0);
  meta.write('meta', 4, 'latin1');
  return Buffer.concat([ftyp, meta, Buffer.alloc(64)]);
}

/** A 24-bit bottom-up BMP of (w, h). */
export function makeBmp(w, h) {
  const row = Math.ceil((w * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * h);
  b.write('BM', 0);
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(w, 18);
  b.writeInt32LE(h, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const o = 54 + (h - 1 - y) * row + x * 3;
      b[o] = 200; // blue
      b[o + 1] = (y * 255) / h;
      b[o + 2] = (x * 255) / w;
    }
  }
  return b;
}

/** When makeRotatedJpeg's photo was taken (its EXIF DateTime). */
export const PHONE_DATE = '2024:05:06 07:08:09';

/** A JPEG of (w, h) whose EXIF says "rotate 90° clockwise" (orientation 6) and when it was taken. */
export function makeRotatedJpeg(w, h) {
  const rgba = new Uint8Array(w * h * 4).map((_, i) => (i % 4 === 3 ? 255 : (i * 7) % 256));
  const plain = Buffer.from(jpeg.encode({ data: rgba, width: w, height: h }, 90).data);
  // TIFF (little endian), IFD0 at 8 with two entries: 0x0112 Orientation, SHORT, 1, value 6;
  // 0x0132 DateTime, ASCII, 20 bytes at offset 38 (after the IFD's next-IFD link, 0)
  const tiff = Buffer.alloc(38 + 20);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(2, 8);
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(6, 18);
  tiff.writeUInt16LE(0x0132, 22);
  tiff.writeUInt16LE(2, 24);
  tiff.writeUInt32LE(20, 26);
  tiff.writeUInt32LE(38, 30);
  tiff.write(`${PHONE_DATE}\0`, 38, 'latin1');
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const app1 = Buffer.concat([
    Buffer.from([0xff, 0xe1]),
    Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 255]),
    exif,
  ]);
  return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)]);
}

/** The Orientation and DateTime of a saved JPEG (APP1 "Exif") or PNG (eXIf chunk) whose EXIF
 * is little-endian, as makeRotatedJpeg writes it; null where the file has none. */
export function readSavedExif(bytes) {
  const jpegAt = bytes.indexOf('Exif\0\0', 0, 'latin1');
  const pngAt = bytes.indexOf('eXIf', 0, 'latin1');
  const at = jpegAt >= 0 ? jpegAt + 6 : pngAt >= 0 ? pngAt + 4 : -1;
  if (at < 0) return null;
  const tiff = bytes.subarray(at);
  const tags = {};
  for (let i = 0, n = tiff.readUInt16LE(8); i < n; i++) {
    const e = 10 + i * 12;
    const [tag, count] = [tiff.readUInt16LE(e), tiff.readUInt32LE(e + 4)];
    if (tag === 0x0112) tags.orientation = tiff.readUInt16LE(e + 8);
    const offset = tiff.readUInt32LE(e + 8);
    if (tag === 0x0132) tags.date = tiff.toString('latin1', offset, offset + count - 1);
  }
  return tags;
}
