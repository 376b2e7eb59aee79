/** The window attention's batched products (Q·Kᵀ and A·V, one per window and head) on tfjs-wasm
 * at the speed of its linear layers. tfjs-wasm hands a matmul to XNNPACK only when neither side
 * is batched, and runs batched ones in a scalar loop about ten times slower; this replaces its
 * BatchMatMul kernel by one that runs those in our own WebAssembly SIMD kernel
 * (kernels/batch-matmul.wat), reading and writing tfjs's memory in place. Everything else
 * (unbatched, broadcast, transposed A, odd widths) goes to tfjs's own kernel, as before. */
import * as tf from '@tensorflow/tfjs';
import { PLAIN, SHARED } from './kernels/batch-matmul.wasm';
import { heapOffset, moduleOn, putInFront, type Ours, type WasmBackend } from './wasm-kernel-slot';

interface KernelExports {
  matmul(a: number, b: number, c: number, batch: number, m: number, k: number, n: number): void;
  transpose(src: number, dst: number, batch: number, rows: number, cols: number): void;
}

const instances = new WeakMap<object, KernelExports | null>();

/** Our kernel on this backend's memory; null where it cannot run (no SIMD, no memory). */
const kernelOn = (backend: WasmBackend) => moduleOn(backend, PLAIN, SHARED, instances);

/** (batch, m, k, n) when ours can run it: float32, same batch on both sides (more than one),
 * A not transposed, n a multiple of 4; else null. */
export function batchedShape(
  a: { shape: number[]; dtype: string },
  b: { shape: number[]; dtype: string },
  transposeA: boolean,
  transposeB: boolean,
): [number, number, number, number] | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || transposeA) return null;
  if (a.shape.length < 3 || a.shape.length !== b.shape.length) return null;
  const outer = a.shape.slice(0, -2);
  if (outer.some((d, i) => d !== b.shape[i])) return null;
  const batch = outer.reduce((x, y) => x * y, 1);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [kb, n] = transposeB ? [bCols, bRows] : [bRows, bCols];
  if (batch < 2 || kb !== k || n % 4 !== 0) return null;
  return [batch, m, k, n];
}

/** Products run by our kernel (tests check which path a shape takes). */
export const ourRuns = { batchMatMul: 0 };

function batchMatMul(args: Parameters<Ours>[0]): tf.TensorInfo | null {
  const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const backend = args.backend as unknown as WasmBackend;
  const shape = batchedShape(a, b, transposeA, transposeB);
  const kernel = shape && kernelOn(backend);
  if (!shape || !kernel) return null;
  const [batch, m, k, n] = shape;
  ourRuns.batchMatMul++;
  const out = backend.makeOutput([...a.shape.slice(0, -2), m, n], 'float32');
  let rhs = b;
  if (transposeB) {
    rhs = backend.makeOutput([batch, k, n], 'float32'); // Bᵀ per batch, (k, n)
    kernel.transpose(heapOffset(backend, b), heapOffset(backend, rhs), batch, n, k);
  }
  kernel.matmul(
    heapOffset(backend, a),
    heapOffset(backend, rhs),
    heapOffset(backend, out),
    batch,
    m,
    k,
    n,
  );
  if (rhs !== b) backend.disposeData(rhs.dataId);
  return out;
}

/** Puts our kernel in front of tfjs-wasm's BatchMatMul. */
export function installWasmBatchMatMul(): void {
  putInFront('BatchMatMul', batchMatMul);
}
