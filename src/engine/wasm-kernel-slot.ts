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
