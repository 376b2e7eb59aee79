/** JPEG output for the command line (`-o photo.jpg`): MozJPEG from @jsquash (WebAssembly, as
 * the decoders) at the app's Save-as-JPEG quality (MozJPEG keeps full-resolution colour there),
 * with the input's colour profile. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import encodeJpegWasm, { init as initEncoder } from '@jsquash/jpeg/encode.js';
import { concat, jpegSegment, jpegWithSegments } from '../shared/containers';
import { JPEG_QUALITY } from '../shared/jpeg-quality';

const require = createRequire(import.meta.url);
let encoder: Promise<void> | null = null;

function loadEncoder(): Promise<void> {
  encoder ??= (async () => {
    const wasm = readFileSync(require.resolve('@jsquash/jpeg/codec/enc/mozjpeg_enc.wasm'));
    // init(module) takes a compiled module; its typings only name the options argument
    await (initEncoder as (m: WebAssembly.Module) => Promise<void>)(
      await WebAssembly.compile(wasm),
    );
  })();
  return encoder;
}

const ICC_MARKER = Uint8Array.from('ICC_PROFILE\0', (c) => c.charCodeAt(0));
/** A marker segment's payload is at most 65533 bytes; the ICC header and numbering take 14. */
const ICC_PART = 65533 - ICC_MARKER.length - 2;

/** APP2 segments carrying `profile`, numbered from 1, as ICC.1 specifies for JPEG. */
function iccSegments(profile: Uint8Array): Uint8Array[] {
  const count = Math.ceil(profile.length / ICC_PART);
  return Array.from({ length: count }, (_, i) => {
    const part = profile.subarray(i * ICC_PART, (i + 1) * ICC_PART);
    return jpegSegment(0xe2, concat([ICC_MARKER, Uint8Array.of(i + 1, count), part]));
  });
}

/** RGBA pixels as JPEG bytes; the profile's segments go right after the JFIF header. */
export async function encodeJpeg(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  icc: Uint8Array | null,
): Promise<Uint8Array> {
  await loadEncoder();
  const image = { data: rgba, width, height, colorSpace: 'srgb' } as ImageData;
  const jpeg = new Uint8Array(await encodeJpegWasm(image, { quality: JPEG_QUALITY }));
  return icc && icc.length > 0 ? jpegWithSegments(jpeg, iccSegments(icc)) : jpeg;
}
