/** The network's fused kernels on tfjs-wasm (kernels/fused.wat): the window attention core, the
 * linear layers with their GELU or residual, i-LN's moments and LN's per-token normalization,
 * each one pass where tfjs composes a chain of kernels that each read and write a whole tensor
 * (and the attention, a tile's attention maps). They are kernels of their own names for the wasm
 * backend; the network asks `fusedKernels()` and composes tfjs ops on every other backend, or
 * where the module cannot run (no WebAssembly SIMD). */
import * as tf from '@tensorflow/tfjs';
import { PLAIN, SHARED } from './kernels/fused.wasm';
import { heapOffset, moduleOn, type WasmBackend } from './wasm-kernel-slot';

interface FusedExports {
  attention(
    qkv: number,
    index: number,
    bias: number,
    mask: number,
    out: number,
    scratch: number,
    windows: number,
    nw: number,
    n: number,
    heads: number,
    d: number,
    masked: number,
  ): void;
  dense(
    x: number,
    w: number,
    bias: number,
    res: number,
    out: number,
    m: number,
    k: number,
    n: number,
    flags: number,
  ): void;
  moments(x: number, count: number, out: number): void;
  tokenNorm(x: number, out: number, rows: number, c: number, eps: number): void;
  conv3x3(
    x: number,
    f: number,
    bias: number,
    res: number,
    out: number,
    h: number,
    w: number,
    c: number,
    n: number,
    flags: number,
  ): void;
}

export const WINDOW_ATTENTION = 'IlnWindowAttention';
export const DENSE = 'IlnDense';
export const MOMENTS = 'IlnMoments';
export const TOKEN_NORM = 'IlnTokenNorm';
export const CONV3X3 = 'IlnConv3x3';

/** Calls of each fused kernel (tests and the e2e harness check which path a pass took). */
export const fusedRuns = { attention: 0, dense: 0, moments: 0, tokenNorm: 0, conv: 0 };

const modules = new WeakMap<object, FusedExports | null>();
const fusedOn = (backend: WasmBackend) => moduleOn(backend, PLAIN, SHARED, modules);

type KernelArgs = Parameters<tf.KernelFunc>[0];
const wasmOf = (args: KernelArgs) => args.backend as unknown as WasmBackend;
/** Where each tensor lives in the backend's heap; 0 for an input not given. */
const offsetsOn = (backend: WasmBackend) => (t?: tf.TensorInfo) => (t ? heapOffset(backend, t) : 0);

let enabled = true;

/** Turns the fused layers off and on again (the profile's before/after in one process: off, the
 * network composes tfjs ops, with our BatchMatMul and Slice, as before the fused kernels). */
export function enableFusedKernels(on: boolean): void {
  enabled = on;
}

/** Whether the current backend runs the fused kernels: wasm, installed, with SIMD. */
export function fusedKernels(): boolean {
  if (!enabled || tf.getBackend() !== 'wasm' || !tf.getKernel(DENSE, 'wasm')) return false;
  return fusedOn(tf.backend() as unknown as WasmBackend) !== null;
}

/** Inputs qkv (rows, 3C), index (windows*n) int32, bias (heads, n, n), mask (nw, n, n) or none;
 * attrs heads. Returns (rows, C): each token's attention output, heads side by side. */
function windowAttentionKernel(args: KernelArgs): tf.TensorInfo {
  const backend = wasmOf(args);
  const at = offsetsOn(backend);
  const { qkv, index, bias, mask } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const heads = args.attrs!.heads as number;
  const [rows, c3] = qkv!.shape as [number, number];
  const n = bias!.shape[1]!;
  const d = c3 / 3 / heads;
  fusedRuns.attention++;
  const out = backend.makeOutput([rows, c3 / 3], 'float32');
  const scratch = backend.makeOutput([4 * n * d + n * n + n], 'float32');
  fusedOn(backend)!.attention(
    at(qkv),
    at(index),
    at(bias),
    at(mask),
    at(out),
    at(scratch),
    index!.shape[0]! / n,
    mask ? mask.shape[0]! : 1,
    n,
    heads,
    d,
    mask ? 1 : 0,
  );
  backend.disposeData(scratch.dataId);
  return out;
}

/** Inputs x (rows, k), w (k, n), bias (n), residual (rows, n) or none; attrs gelu. Returns
 * (rows, n) = x·w + bias, then GELU (with gelu), then + residual. */
function denseKernel(args: KernelArgs): tf.TensorInfo {
  const backend = wasmOf(args);
  const at = offsetsOn(backend);
  const { x, w, bias, residual } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const [m, k] = x!.shape as [number, number];
  const n = w!.shape[1]!;
  fusedRuns.dense++;
  const out = backend.makeOutput([m, n], 'float32');
  const flags = (residual ? 2 : 0) | (args.attrs!.gelu ? 4 : 0);
  fusedOn(backend)!.dense(at(x), at(w), at(bias), at(residual), at(out), m, k, n, flags);
  return out;
}

function momentsKernel(args: KernelArgs): tf.TensorInfo {
  const backend = wasmOf(args);
  const at = offsetsOn(backend);
  const x = args.inputs.x!;
  fusedRuns.moments++;
  const out = backend.makeOutput([2], 'float32');
  const count = x.shape.reduce((a, b) => a * b, 1);
  fusedOn(backend)!.moments(at(x), count, at(out));
  return out;
}

/** Input x (..., C); attrs eps. Returns x standardized over its last axis. */
function tokenNormKernel(args: KernelArgs): tf.TensorInfo {
  const backend = wasmOf(args);
  const at = offsetsOn(backend);
  const x = args.inputs.x!;
  const c = x.shape[x.shape.length - 1]!;
  const rows = x.shape.reduce((a, b) => a * b, 1) / c;
  fusedRuns.tokenNorm++;
  const out = backend.makeOutput(x.shape, 'float32');
  const eps = args.attrs!.eps as number;
  fusedOn(backend)!.tokenNorm(at(x), at(out), rows, c, eps);
  return out;
}

/** Inputs x (1, h+2, w+2, c) padded by one pixel, filter (3, 3, c, n), bias (n), residual
 * (1, h, w, n) or none. Returns (1, h, w, n). */
function conv3x3Kernel(args: KernelArgs): tf.TensorInfo {
  const backend = wasmOf(args);
  const at = offsetsOn(backend);
  const { x, filter, bias, residual } = args.inputs as Record<string, tf.TensorInfo | undefined>;
  const [, hp, wp, c] = x!.shape as [number, number, number, number];
  const n = filter!.shape[3]!;
  fusedRuns.conv++;
  const out = backend.makeOutput([1, hp - 2, wp - 2, n], 'float32');
  fusedOn(backend)!.conv3x3(
    at(x),
    at(filter),
    at(bias),
    at(residual),
    at(out),
    hp - 2,
    wp - 2,
    c,
    n,
    residual ? 2 : 0,
  );
  return out;
}

/** Registers the fused kernels for the wasm backend (once; before or after it starts). */
export function installWasmFused(): void {
  if (tf.getKernel(DENSE, 'wasm')) return;
  tf.registerKernel({
    kernelName: WINDOW_ATTENTION,
    backendName: 'wasm',
    kernelFunc: windowAttentionKernel,
  });
  tf.registerKernel({ kernelName: DENSE, backendName: 'wasm', kernelFunc: denseKernel });
  tf.registerKernel({ kernelName: MOMENTS, backendName: 'wasm', kernelFunc: momentsKernel });
  tf.registerKernel({ kernelName: TOKEN_NORM, backendName: 'wasm', kernelFunc: tokenNormKernel });
  tf.registerKernel({ kernelName: CONV3X3, backendName: 'wasm', kernelFunc: conv3x3Kernel });
}

/** (rows, 3C) image-ordered q|k|v -> (rows, C), on the fused kernel (see fused.wat). The
 * window size is the bias's; n and d must be multiples of 4 (`fusedAttentionFits`). */
export function fusedWindowAttention(
  qkv: tf.Tensor2D,
  index: tf.Tensor1D,
  bias: tf.Tensor3D,
  mask: tf.Tensor3D | null,
  heads: number,
): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = mask ? { qkv, index, bias, mask } : { qkv, index, bias };
  return tf.engine().runKernel(WINDOW_ATTENTION, inputs, { heads }) as tf.Tensor2D;
}

/** The kernel reads 4-wide vectors along tokens and along a head's width. */
export const fusedAttentionFits = (tokens: number, headWidth: number): boolean =>
  tokens % 4 === 0 && headWidth % 4 === 0;

/** x (rows, k) · w (k, n) + bias, then GELU (`gelu`), then + `residual` (rows, n); n % 4 == 0. */
export function fusedDense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  bias: tf.Tensor1D,
  { residual, gelu = false }: { residual?: tf.Tensor2D; gelu?: boolean } = {},
): tf.Tensor2D {
  const inputs: tf.NamedTensorMap = residual ? { x, w, bias, residual } : { x, w, bias };
  return tf.engine().runKernel(DENSE, inputs, { gelu }) as tf.Tensor2D;
}

/** (2): the mean and the biased variance of all of x. */
export function fusedMoments(x: tf.Tensor): tf.Tensor1D {
  return tf.engine().runKernel(MOMENTS, { x }) as tf.Tensor1D;
}

/** Per-token LayerNorm without its affine, over the last axis (a multiple of 4 wide). */
export function fusedTokenNorm<T extends tf.Tensor>(x: T, eps: number): T {
  return tf.engine().runKernel(TOKEN_NORM, { x }, { eps }) as T;
}

/** A 3x3 'same' convolution of one image (1, h, w, c) with its bias, then + `residual`
 * (1, h, w, n); n % 4 == 0. */
export function fusedConv3x3(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  residual?: tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const padded = tf.pad(x, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    const inputs: tf.NamedTensorMap = { x: padded, filter, bias };
    if (residual) inputs.residual = residual;
    return tf.engine().runKernel(CONV3X3, inputs) as tf.Tensor4D;
  });
}
