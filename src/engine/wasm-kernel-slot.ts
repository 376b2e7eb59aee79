/** Puts our own implementation in front of one of tfjs-wasm's kernels: ours answers the calls it
 * can run and hands every other back to tfjs's (by returning null). Works before or after the
 * backend starts (tfjs's kernel keeps its own setup); once per kernel. */
import * as tf from '@tensorflow/tfjs';

type KernelArgs = Parameters<tf.KernelFunc>[0];

/** What our kernels need of tfjs-wasm's backend (BackendWasm's fields, not in its public types). */
export interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
  };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

/** Where tensor `t` lives in tfjs-wasm's heap (bytes). */
export function heapOffset(backend: WasmBackend, t: tf.TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (!entry) throw new Error('a tensor has no data on the wasm backend');
  return entry.memoryOffset;
}
export type Ours = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[] | null;

function bytes(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** One of our WebAssembly modules (base64, for tfjs-wasm's plain or shared memory) instantiated
 * on this backend's memory, once per backend in `cache`; null where it cannot run (no SIMD, no
 * memory): tfjs's own kernels serve there. */
export function moduleOn<T>(
  backend: WasmBackend,
  plain: string,
  shared: string,
  cache: WeakMap<object, T | null>,
): T | null {
  if (cache.has(backend)) return cache.get(backend)!;
  let exports: T | null = null;
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  if (memory) {
    const isShared =
      typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    try {
      const module = new WebAssembly.Module(bytes(isShared ? shared : plain));
      exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as T;
    } catch {
      exports = null; // e.g. a browser without WebAssembly SIMD
    }
  }
  cache.set(backend, exports);
  return exports;
}

const replaced = new Set<string>();

/** false where the wasm backend is not part of the build (nothing to replace). */
export function putInFront(kernelName: string, ours: Ours): boolean {
  if (replaced.has(kernelName)) return true;
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original) return false;
  replaced.add(kernelName);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: (args) => ours(args) ?? original.kernelFunc(args) });
  return true;
}
