/** Reads the golden vectors that training/golden.py writes next to each exported model. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

interface GoldenMeta {
  input: { shape: number[]; offset: number };
  tensors: { name: string; shape: number[]; offset: number }[];
  weightsDtype: 'float16' | 'float32';
}

export interface Golden {
  input: tf.Tensor4D;
  expected: Map<string, { shape: number[]; values: Float32Array }>;
  weightsDtype: 'float16' | 'float32';
}

export function readGolden(dir: string): Golden {
  const meta = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as GoldenMeta;
  const buf = readFileSync(join(dir, 'golden.bin'));
  const floats = new Float32Array(
    buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
  );
  const take = (shape: number[], offset: number) =>
    floats.slice(offset / 4, offset / 4 + shape.reduce((a, b) => a * b, 1));
  const expected = new Map(
    meta.tensors.map((t) => [t.name, { shape: t.shape, values: take(t.shape, t.offset) }]),
  );
  const input = tf.tensor4d(
    take(meta.input.shape, 0),
    meta.input.shape as [number, number, number, number],
  );
  return { input, expected, weightsDtype: meta.weightsDtype };
}

export function maxAbsDiff(a: Float32Array | Int32Array | Uint8Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return a.length === b.length ? m : Infinity;
}

export function peakAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}
