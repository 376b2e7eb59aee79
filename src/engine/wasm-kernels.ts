/** Our replacements for tfjs-wasm kernels that are slow on the network's shapes (each file says
 * why); installed where a wasm backend starts: the worker, the command line, the tests. */
import { installWasmBatchMatMul } from './wasm-batch-matmul';
import { installWasmSlice } from './wasm-slice';

export function installWasmKernels(): void {
  installWasmBatchMatMul();
  installWasmSlice();
}
