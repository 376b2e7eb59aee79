/** Image decoders for the command line, each chosen so that its pixels equal Pillow's (what
 * training/ reads), byte for byte: JPEG by mozjpeg (jpeg-decode.ts; a pure-JS JPEG decoder
 * differed from libjpeg-turbo by up to 12 levels in the chroma of a camera JPEG) and WebP by
 * libwebp (both WebAssembly, from @jsquash), PNG by pngjs, TIFF by UTIF, BMP here. All return
 * RGBA. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import decodeWebpWasm, { init as initWebp } from '@jsquash/webp/decode.js';
import { PNG } from 'pngjs';
import * as UTIF from 'utif2';
import { decodeJpeg, jpegFrame } from './jpeg-decode';

export type ImageKind = 'png' | 'jpeg' | 'webp' | 'bmp' | 'tiff';

export interface Rgba8 {
  width: number;
  height: number;
  data: Uint8Array;
}

export function sniff(bytes: Uint8Array): ImageKind | null {
  const ascii = (at: number, s: string) =>
    [...s].every((c, i) => bytes[at + i] === c.charCodeAt(0));
  if (bytes.length >= 8 && ascii(1, 'PNG') && bytes[0] === 0x89) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return 'jpeg';
  if (bytes.length >= 12 && ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (bytes.length >= 26 && ascii(0, 'BM')) return 'bmp';
  if (bytes.length >= 8 && (ascii(0, 'II*\0') || ascii(0, 'MM\0*'))) return 'tiff';
  return null;
}

const require = createRequire(import.meta.url);
let webpCodec: Promise<void> | null = null;

/** The WebP codec is compiled once, from node_modules (the browser fetch it defaults to does
 * not exist in Node). */
function loadWebp(): Promise<void> {
  webpCodec ??= (async () => {
    const file = require.resolve('@jsquash/webp/codec/dec/webp_dec.wasm');
    const module = await WebAssembly.compile(readFileSync(file));
    // init(module) takes a compiled module; its typings only name the options argument
    await (initWebp as (m: WebAssembly.Module) => Promise<void>)(module);
  })();
  return webpCodec;
}

const arrayBuffer = (b: Uint8Array) =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Width and height from the header, before any pixel is decoded (null where the header is
 * not read here: WebP and TIFF are checked after decoding). */
export function peekSize(kind: ImageKind, bytes: Uint8Array): [number, number] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === 'png' && bytes.length >= 24) return [view.getUint32(16), view.getUint32(20)];
  if (kind === 'bmp') return [view.getInt32(18, true), Math.abs(view.getInt32(22, true))];
  const frame = kind === 'jpeg' ? jpegFrame(bytes) : null;
  return frame && [frame.width, frame.height];
}

export async function decodeRgba(kind: ImageKind, bytes: Uint8Array): Promise<Rgba8> {
  if (kind === 'png') {
    const png = PNG.sync.read(Buffer.from(bytes));
    return { width: png.width, height: png.height, data: png.data };
  }
  if (kind === 'bmp') return decodeBmp(bytes);
  if (kind === 'tiff') return decodeTiff(bytes);
  if (kind === 'jpeg') return decodeJpeg(bytes);
  await loadWebp();
  const img = await decodeWebpWasm(arrayBuffer(bytes));
  return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer) };
}

function decodeTiff(bytes: Uint8Array): Rgba8 {
  const ifds = UTIF.decode(arrayBuffer(bytes));
  const first = ifds[0];
  if (!first) throw new Error('no image in the file');
  UTIF.decodeImage(arrayBuffer(bytes), first);
  if (!first.width || !first.height) throw new Error('no image data in its first page');
  const tag = (t: string) => (first[t] as number[] | undefined)?.[0];
  const cmyk = tag('t262') === 5 && tag('t258') === 8; // separated, 8-bit inks
  const data = cmyk ? tiffCmykToRgba(first) : UTIF.toRGBA8(first);
  return { width: first.width, height: first.height, data };
}

/** An 8-bit CMYK TIFF (a print file) as Pillow turns it into RGB, round((255 - C)(255 - K) / 255):
 * UTIF's own conversion looks for a browser's `window` and throws in Node. */
function tiffCmykToRgba(ifd: UTIF.IFD): Uint8Array {
  const samples = (ifd['t277'] as number[] | undefined)?.[0] ?? 4;
  const ink = new Uint8Array(ifd.data);
  const rgba = new Uint8Array(ifd.width * ifd.height * 4);
  for (let i = 0, at = 0; i < rgba.length; i += 4, at += samples) {
    const paper = 255 - ink[at + 3]!;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(((255 - ink[at + c]!) * paper) / 255);
    rgba[i + 3] = 255;
  }
  return rgba;
}

/** Windows BMP: uncompressed 24- and 32-bit, and 1/4/8-bit with a palette; bottom-up or
 * top-down rows (what image editors write; RLE and bit-field variants are refused). */
export function decodeBmp(bytes: Uint8Array): Rgba8 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offset = view.getUint32(10, true);
  const header = view.getUint32(14, true);
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = header >= 40 ? view.getUint32(30, true) : 0;
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0) throw new Error(`invalid size ${width}x${rawHeight}`);
  // bit fields: only the masks that mean plain BGRA (what editors write for 32 bits)
  const masks = [54, 58, 62].map((at) => (bytes.length >= at + 4 ? view.getUint32(at, true) : 0));
  const bitfields32 =
    compression === 3 && bits === 32 && masks.join() === [0xff0000, 0xff00, 0xff].join();
  if (compression !== 0 && !bitfields32)
    throw new Error(`compression ${compression} is not supported`);
  if (![1, 4, 8, 24, 32].includes(bits)) throw new Error(`${bits}-bit BMP is not supported`);
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (offset + stride * height > bytes.length) throw new Error('pixel data is cut short');
  const palette = bits <= 8 ? bytes.subarray(14 + header, offset) : null;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const row = offset + stride * (rawHeight > 0 ? height - 1 - y : y);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let b: number, g: number, r: number;
      if (palette) {
        const at = row + Math.floor((x * bits) / 8);
        const shift = 8 - bits - ((x * bits) % 8);
        const index = (bytes[at]! >> shift) & ((1 << bits) - 1);
        [b, g, r] = [palette[index * 4]!, palette[index * 4 + 1]!, palette[index * 4 + 2]!];
      } else {
        const at = row + x * (bits / 8);
        [b, g, r] = [bytes[at]!, bytes[at + 1]!, bytes[at + 2]!];
      }
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}
