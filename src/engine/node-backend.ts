/** The tfjs backend in Node (the command line and the engine's tests): wasm with our kernels in
 * front (wasm-kernels.ts), falling back to the plain JS cpu backend. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmKernels } from './wasm-kernels';

/** wasm (single-threaded SIMD), falling back to the plain JS cpu backend. */
export async function initNodeBackend(
  preferred = process.env.ILN_BACKEND ?? 'wasm',
): Promise<string> {
  // ILN_WASM_KERNELS=tfjs keeps tfjs-wasm's own kernels (before/after benchmarks)
  if (process.env.ILN_WASM_KERNELS !== 'tfjs') installWasmKernels();
  for (const name of [preferred, 'cpu']) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next backend
    }
  }
  throw new Error('neither the wasm nor the cpu tfjs backend could start');
}
