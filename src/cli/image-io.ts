/** Images in (PNG, JPEG, WebP, BMP, TIFF; decoded as Pillow decodes them, see decoders.ts, and
 * turned upright by their EXIF orientation as the app and training/ do, see orientation.ts),
 * PNG or JPEG out with the input's colour profile (icc.ts) and EXIF (shared/exif.ts), for the
 * command line: no native modules. */
import { accessSync, constants, readFileSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { heifKind } from '../shared/heif';
import { pngChunk, pngWithChunk } from '../shared/containers';
import { resizeAlpha } from '../shared/pixels';
import { exifBlock, exifForOutput, jpegWithExif } from '../shared/exif';
import { decodeRgba, peekSize, sniff } from './decoders';
import { readIccProfile, withIccProfile } from './icc';
import { encodeJpeg } from './jpeg-out';
import { exifOrientation, orient } from './orientation';

export interface Rgb8 {
  width: number;
  height: number;
  /** RGB, row-major, 3 bytes per pixel. */
  data: Uint8Array;
  /** The file's ICC colour profile, when it has one (the pixels are as stored, not converted). */
  icc?: Uint8Array | null;
  /** The file's EXIF block (date taken, camera...), carried into the output. */
  exif?: Uint8Array | null;
  /** Its transparency, one byte per pixel, when any pixel is not opaque: the network restores
   * RGB, and the output takes this alpha resized to its size, as the app does. */
  alpha?: Uint8Array | null;
}

/** Refuse decodes beyond this many pixels (a decompression bomb must not exhaust memory). */
export const MAX_PIXELS = 64 * 1024 * 1024;

function rgbaToRgb(rgba: Uint8Array | Buffer, width: number, height: number): Rgb8 {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 4) {
    data[i * 3] = rgba[j]!;
    data[i * 3 + 1] = rgba[j + 1]!;
    data[i * 3 + 2] = rgba[j + 2]!;
  }
  return { width, height, data };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      `${path}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code})`}`,
    );
  }
}

function checkSize(path: string, width: number, height: number): void {
  if (width * height > MAX_PIXELS)
    throw new Error(
      `${path}: ${width}x${height} is more than ${MAX_PIXELS / (1024 * 1024)} MP, the largest image this reads`,
    );
}

/** Why a file is not read: AVIF and HEIC by name (the app reads AVIF; this decodes as Pillow
 * does, for parity with training/, and Pillow reads neither here), else the formats it reads. */
function unreadable(path: string, bytes: Uint8Array): string {
  const heif = heifKind(bytes);
  if (heif === 'avif')
    return `${path}: an AVIF image, which the command line does not read (the app does): convert it to PNG first`;
  if (heif === 'heic')
    return `${path}: a HEIC photo, which the command line does not read: convert it to JPEG or PNG first`;
  return `${path}: not a PNG, JPEG, WebP, BMP or TIFF image`;
}

export async function readImage(path: string): Promise<Rgb8> {
  const bytes = readBytes(path);
  const kind = sniff(bytes);
  if (!kind) throw new Error(unreadable(path, bytes));
  const size = peekSize(kind, bytes);
  if (size) checkSize(path, size[0], size[1]);
  let img;
  try {
    img = await decodeRgba(kind, bytes);
  } catch (e) {
    throw new Error(
      `${path}: corrupt or truncated ${kind.toUpperCase()} (${e instanceof Error ? e.message : e})`,
    );
  }
  checkSize(path, img.width, img.height);
  img = orient(img, exifOrientation(kind, bytes));
  const icc = readIccProfile(kind, bytes);
  const rgb = rgbaToRgb(img.data, img.width, img.height);
  return { ...rgb, icc, exif: exifBlock(kind, bytes), alpha: alphaPlane(img.data) };
}

/** The alpha bytes, or null for an opaque image (plain loops: a callback per pixel costs
 * about half a second on a 12 MP photo). */
function alphaPlane(rgba: Uint8Array): Uint8Array | null {
  let opaque = true;
  for (let i = 3; i < rgba.length && opaque; i += 4) opaque = rgba[i] === 255;
  if (opaque) return null;
  const alpha = new Uint8Array(rgba.length / 4);
  for (let j = 0; j < alpha.length; j++) alpha[j] = rgba[j * 4 + 3]!;
  return alpha;
}

/** Refuses an output that cannot be written (an unknown extension, a missing or read-only
 * folder) before a long run, with the sentence that writing it would give. */
export function checkOutput(path: string): void {
  outputKind(path);
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch (e) {
    throw new Error(`${path}: cannot write the output (${(e as NodeJS.ErrnoException).code})`);
  }
}

/** What an output path is written as, from its extension; a sentence for any other. */
export function outputKind(path: string): 'png' | 'jpeg' {
  const ext = extname(path).toLowerCase();
  if (ext === '.png') return 'png';
  if (ext === '.jpg' || ext === '.jpeg') return 'jpeg';
  throw new Error(`${path}: the output is written as PNG or JPEG: name it .png or .jpg`);
}

/** What travels from the input file to the output: its colour profile and its EXIF block
 * (updated for the output: upright, its size, no stale thumbnail). */
export interface Metadata {
  icc?: Uint8Array | null;
  exif?: Uint8Array | null;
  /** The input's transparency and size (PNG only: JPEG has none; see checkKeepsAlpha). */
  alpha?: Uint8Array | null;
  width?: number;
  height?: number;
}

/** An image with transparency written as JPEG would lose it: refused before its run. */
export function checkKeepsAlpha(input: string, image: Rgb8, output: string): void {
  if (image.alpha && outputKind(output) === 'jpeg')
    throw new Error(`${input} has transparency, which JPEG cannot keep: name the output .png`);
}

/** Writes the image as its name says (PNG, or JPEG at quality 95), with the input's metadata. */
export async function writeImage(path: string, img: Rgb8, meta: Metadata = {}): Promise<void> {
  if (outputKind(path) === 'png') return writePng(path, img, meta);
  const rgba = new Uint8ClampedArray(img.width * img.height * 4).fill(255);
  for (let i = 0; i < img.width * img.height; i++)
    rgba.set(img.data.subarray(i * 3, i * 3 + 3), i * 4);
  const jpeg = await encodeJpeg(rgba, img.width, img.height, meta.icc ?? null);
  const exif = meta.exif && exifForOutput(meta.exif, img.width, img.height);
  writeOut(path, exif ? jpegWithExif(jpeg, exif) : jpeg);
}

function writeOut(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`${path}: cannot write the output (${code ?? String(e)})`);
  }
}

/** Writes the image as PNG, with the input's metadata. */
export function writePng(path: string, img: Rgb8, meta: Metadata = {}): void {
  const png = new PNG({ width: img.width, height: img.height });
  for (let i = 0; i < img.width * img.height; i++) {
    png.data[i * 4] = img.data[i * 3]!;
    png.data[i * 4 + 1] = img.data[i * 3 + 1]!;
    png.data[i * 4 + 2] = img.data[i * 3 + 2]!;
    png.data[i * 4 + 3] = 255;
  }
  if (meta.alpha && meta.width && meta.height) {
    const alpha = resizeAlpha(meta.alpha, meta.width, meta.height, img.width, img.height, 1);
    for (let i = 0; i < alpha.length; i++) png.data[i * 4 + 3] = alpha[i]!;
  }
  let bytes: Uint8Array = PNG.sync.write(png);
  if (meta.icc) bytes = withIccProfile(bytes, meta.icc);
  const exif = meta.exif && exifForOutput(meta.exif, img.width, img.height);
  writeOut(path, exif ? pngWithChunk(bytes, pngChunk('eXIf', exif)) : bytes);
}

export function toFloat(img: Rgb8): { width: number; height: number; data: Float32Array } {
  return {
    width: img.width,
    height: img.height,
    data: Float32Array.from(img.data, (v) => v / 255),
  };
}

/** float [0, 1] -> uint8 with rounding, as training's to_uint8 (clip, then round half to even). */
export function toUint8(img: { width: number; height: number; data: Float32Array }): Rgb8 {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++)
    data[i] = roundHalfEven(Math.min(1, Math.max(0, img.data[i]!)) * 255);
  return { width: img.width, height: img.height, data };
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
