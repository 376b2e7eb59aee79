/** JPEG for the command line, read as Pillow reads it (training/'s pixels): YCbCr and grey by
 * mozjpeg (WebAssembly, byte for byte libjpeg-turbo's), CMYK by jpeg-js (mozjpeg's build here
 * only gives RGB), and a file cut short refused, as Pillow and Chromium refuse it, instead of
 * restored with its missing part grey. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import decodeJpegWasm, { init as initJpeg } from '@jsquash/jpeg/decode.js';
import jpeg from 'jpeg-js';
import { jpegSegments, type Block } from '../shared/containers';

export interface JpegPixels {
  width: number;
  height: number;
  /** RGBA */
  data: Uint8Array;
}

export interface JpegFrame {
  width: number;
  height: number;
  /** 1 grey, 3 YCbCr, 4 CMYK or YCCK (print files) */
  components: number;
}

/** The frame header (SOF0-SOF15 but DHT C4, JPG C8 and DAC CC): size and colour components. */
export function jpegFrame(bytes: Uint8Array): JpegFrame | null {
  const sof = (s: Block) =>
    (s.id as number) >= 0xc0 &&
    (s.id as number) <= 0xcf &&
    ![0xc4, 0xc8, 0xcc].includes(s.id as number);
  for (const s of jpegSegments(bytes)) {
    if (!sof(s) || s.length < 6) continue;
    const v = new DataView(bytes.buffer, bytes.byteOffset + s.start, s.length);
    return { height: v.getUint16(1), width: v.getUint16(3), components: v.getUint8(5) };
  }
  return null;
}

/** Whether the image data reaches its end-of-image marker. Entropy-coded data never holds FF D9
 * (a data byte FF is followed by 00), so a file without one after the headers was cut short,
 * e.g. by an interrupted download or copy. What follows the marker (a motion photo's video, a
 * phone's trailer) does not matter. */
export function jpegComplete(bytes: Uint8Array): boolean {
  let from = 2;
  for (const s of jpegSegments(bytes)) from = s.start + s.length;
  for (let i = from; i + 1 < bytes.length; i++)
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

const require = createRequire(import.meta.url);
let codec: Promise<void> | null = null;
/** What mozjpeg printed during the current decode: it reports a fatal error by printing it and
 * exiting (an ExitStatus without the reason). */
let printed: string[] = [];

/** mozjpeg is compiled once, from node_modules (the browser fetch it defaults to does not exist
 * in Node), with its messages collected rather than printed. */
function loadCodec(): Promise<void> {
  codec ??= (async () => {
    const file = require.resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm');
    const module = await WebAssembly.compile(readFileSync(file));
    const printErr = (text: string) => printed.push(text.trim());
    // init(module, options) takes a compiled module; its typings only name the options
    await (initJpeg as (m: WebAssembly.Module, o: object) => Promise<void>)(module, { printErr });
  })();
  return codec;
}

/** A decode by mozjpeg whose failure carries the reason it printed, rather than a stray line
 * above "[object Object]"; the warnings of a decode that succeeds are passed on. */
async function mozjpeg(bytes: Uint8Array) {
  await loadCodec();
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  printed = [];
  try {
    const img = await decodeJpegWasm(buffer as ArrayBuffer);
    for (const line of printed) console.error(line);
    return img;
  } catch (e) {
    throw new Error(printed.join('; ') || (e instanceof Error ? e.message : String(e)));
  }
}

export async function decodeJpeg(bytes: Uint8Array): Promise<JpegPixels> {
  if (!jpegComplete(bytes)) throw new Error('the file ends before its image data does');
  if (jpegFrame(bytes)?.components === 4) return decodeCmyk(bytes);
  const img = await mozjpeg(bytes);
  return { width: img.width, height: img.height, data: new Uint8Array(img.data.buffer) };
}

/** A CMYK JPEG (what print workflows and some stock photos save), turned into RGB as Pillow and
 * Chromium do, R = (255 - C)(255 - K) / 255: within one level of Pillow when the inks are stored
 * at full resolution (Photoshop's usual), further at edges where they are subsampled (jpeg-js
 * repeats subsampled samples, libjpeg interpolates). */
function decodeCmyk(bytes: Uint8Array): JpegPixels {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 4096 });
  return { width: img.width, height: img.height, data: img.data };
}
