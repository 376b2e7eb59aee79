/** Turns a backend choice into tfjs's active backend, in the worker. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { installWasmKernels } from '../engine/wasm-kernels';
import type { BackendName } from '../shared/backend';

// The app runs one single-threaded WASM backend per worker and spreads tiles over workers
// (src/ui/pool.ts). Threaded WASM needs a cross-origin isolated page; `npm run bench -- --pool`
// measures it against the pool (docs/benchmarks.md).
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** `wasmThreads` > 1 asks tfjs for its threaded WASM build (used only where the page is
 * cross-origin isolated; elsewhere tfjs quietly keeps one thread). */
export async function activateBackend(name: BackendName, wasmThreads = 1): Promise<string> {
  if (name === 'wasm') {
    setThreadsCount(wasmThreads);
    installWasmKernels(); // tfjs-wasm's slow batched matmul and slices, replaced
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs could not initialise the ${name} backend`);
  await tf.ready();
  return tf.getBackend();
}

/** A small matmul read back with await data(): proves the backend really computes. */
export async function selfCheck(): Promise<boolean> {
  const product = tf.tidy(() => tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2)));
  const values = await product.data();
  product.dispose();
  return [1, 2, 3, 4].every((v, i) => Math.abs(values[i]! - v) < 1e-6);
}
