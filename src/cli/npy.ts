/** Reads a NumPy .npy file of little-endian float32 in C order (what training.evaluate
 * --save-inputs writes), so the two evaluators can score the very same degraded inputs. */
import { readFileSync } from 'node:fs';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

export function parseNpy(bytes: Uint8Array, name = 'array'): NpyArray {
  const magic = String.fromCharCode(...bytes.subarray(0, 6));
  if (magic !== '\x93NUMPY') throw new Error(`${name}: not a .npy file`);
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  if (!/'descr':\s*'<f4'/.test(header))
    throw new Error(`${name}: expected float32 (<f4), got ${header.trim()}`);
  if (/'fortran_order':\s*True/.test(header))
    throw new Error(`${name}: Fortran order is not supported`);
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const offset = start + headerLen;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength - offset !== count * 4)
    throw new Error(
      `${name}: ${bytes.byteLength - offset} data bytes for shape (${shape.join(', ')})`,
    );
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(offset + i * 4, true);
  return { shape, data };
}

export const readNpy = (path: string): NpyArray => parseNpy(readFileSync(path), path);
