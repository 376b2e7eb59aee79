/** Reads and validates a model's weights before anything is built. Every failure names the
 * file and, where there is one, the weight. */
import * as tf from '@tensorflow/tfjs';
import type { Arch, WeightSpec } from './manifest';
import { siblingPath, type FileSource } from './model-files';

export type Weights = Map<string, tf.Tensor>;

/** The weight names and shapes (tfjs layout: conv HWIO, linear (in, out)) an arch needs. */
export function expectedShapes(a: Arch): Map<string, number[]> {
  const c = a.dim;
  const hidden = Math.floor(c * a.mlpRatio);
  const shapes = new Map<string, number[]>();
  const conv = (name: string, cin: number, cout: number) => {
    shapes.set(`${name}.weight`, [3, 3, cin, cout]);
    shapes.set(`${name}.bias`, [cout]);
  };
  const vec = (name: string, n: number) => {
    shapes.set(`${name}.weight`, [n]);
    shapes.set(`${name}.bias`, [n]);
  };
  const linear = (name: string, cin: number, cout: number) => {
    shapes.set(`${name}.weight`, [cin, cout]);
    shapes.set(`${name}.bias`, [cout]);
  };
  const u2 = a.unshuffle * a.unshuffle;
  conv('conv_first', 3 * u2, c);
  vec('patch_norm', c);
  for (let g = 0; g < a.groups; g++) {
    for (let l = 0; l < a.depth; l++) {
      const p = `groups.${g}.layers.${l}`;
      vec(`${p}.norm1`, c);
      shapes.set(`${p}.attn.relative_position_bias_table`, [(2 * a.window - 1) ** 2, a.heads]);
      linear(`${p}.attn.qkv`, c, 3 * c);
      linear(`${p}.attn.proj`, c, c);
      vec(`${p}.norm2`, c);
      linear(`${p}.mlp.fc1`, c, hidden);
      linear(`${p}.mlp.fc2`, hidden, c);
    }
    conv(`groups.${g}.conv`, c, c);
  }
  vec('norm', c);
  conv('conv_after_body', c, c);
  conv('conv_last', c, 3 * a.scale * a.scale * u2);
  return shapes;
}

const sameShape = (a: number[], b: number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Names, shapes and dtypes in the manifest against what the arch needs. */
export function validateSpecs(file: string, specs: WeightSpec[], arch: Arch): void {
  const expected = expectedShapes(arch);
  const seen = new Set<string>();
  for (const s of specs) {
    const want = expected.get(s.name);
    if (!want)
      throw new Error(`${file}: unexpected weight "${s.name}" (not part of this architecture)`);
    if (seen.has(s.name)) throw new Error(`${file}: weight "${s.name}" is listed twice`);
    seen.add(s.name);
    if (s.dtype !== 'float32' || (s.quantization && s.quantization.dtype !== 'float16')) {
      const q = s.quantization ? ` quantized as ${s.quantization.dtype}` : '';
      throw new Error(
        `${file}: weight "${s.name}" has dtype ${s.dtype}${q}; expected float32, optionally stored as float16`,
      );
    }
    if (!Array.isArray(s.shape) || !sameShape(s.shape, want)) {
      throw new Error(
        `${file}: weight "${s.name}" has shape [${s.shape}] but the architecture needs [${want}]`,
      );
    }
  }
  for (const name of expected.keys()) {
    if (!seen.has(name)) throw new Error(`${file}: missing weight "${name}"`);
  }
}

const bytesOf = (s: WeightSpec) => s.shape.reduce((n, d) => n * d, 1) * (s.quantization ? 2 : 4);

/** IEEE half -> float, for float16-stored weights. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function decodeOne(buffer: ArrayBuffer, offset: number, spec: WeightSpec): Float32Array {
  const n = spec.shape.reduce((a, d) => a * d, 1);
  const view = new DataView(buffer, offset, bytesOf(spec));
  const out = new Float32Array(n);
  if (spec.quantization)
    for (let i = 0; i < n; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  else for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Decodes the concatenated weight files into tensors; checks size and finiteness first. */
export function decodeWeights(binFile: string, buffer: ArrayBuffer, specs: WeightSpec[]): Weights {
  const need = specs.reduce((n, s) => n + bytesOf(s), 0);
  if (buffer.byteLength !== need) {
    throw new Error(
      `${binFile}: ${buffer.byteLength} bytes, but the manifest lists ${need} bytes of weights (truncated or corrupt file?)`,
    );
  }
  const weights: Weights = new Map();
  let offset = 0;
  for (const spec of specs) {
    const values = decodeOne(buffer, offset, spec);
    offset += bytesOf(spec);
    if (!values.every(Number.isFinite)) {
      weights.forEach((t) => t.dispose());
      throw new Error(
        `${binFile}: weight "${spec.name}" contains NaN or infinite values (corrupt file)`,
      );
    }
    weights.set(spec.name, tf.tensor(values, spec.shape, 'float32'));
  }
  return weights;
}

/** Every weight file a tfjs manifest names (ours or a peer's), read and joined in order. */
export async function readWeightFiles(
  source: FileSource,
  modelPath: string,
  m: { weightsManifest: { paths: string[] }[] },
): Promise<ArrayBuffer> {
  const parts: ArrayBuffer[] = [];
  for (const group of m.weightsManifest) {
    for (const p of group.paths) parts.push(await source.readBinary(siblingPath(modelPath, p)));
  }
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(new Uint8Array(p), at);
    at += p.byteLength;
  }
  return joined.buffer;
}
