/** Our replacements for tfjs-wasm kernels that are slow on the network's shapes, and the network's
 * fused kernels (each file says why); installed where a wasm backend starts: the worker, the command line, the tests. */
import { installWasmBatchMatMul } from './wasm-batch-matmul';
import { installWasmFused } from './wasm-fused';
import { installWasmSlice } from './wasm-slice';

export function installWasmKernels(): void {
  installWasmBatchMatMul();
  installWasmSlice();
  installWasmFused();
}
