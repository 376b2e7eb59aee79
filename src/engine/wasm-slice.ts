/** Slice and SplitV on tfjs-wasm without copying the whole input: tfjs-wasm's own Slice reads
 * its input with readSync, a copy of all of it, for every slice, so splitting q, k and v out of
 * one tensor copied it three times (with the garbage that follows, the slowest kernels of a
 * pass). These copy only the slice, as runs of contiguous memory inside tfjs's heap. */
import * as tf from '@tensorflow/tfjs';
import { heapOffset, putInFront, type Ours, type WasmBackend } from './wasm-kernel-slot';

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

/** Copies x[begin : begin + size] into a new tensor, one contiguous run at a time: the run
 * spans the innermost axis that is cut and every axis inside it. */
export function sliceInHeap(
  backend: WasmBackend,
  x: tf.TensorInfo,
  begin: number[],
  size: number[],
): tf.TensorInfo {
  const bytes = BYTES[x.dtype]!;
  ourSlices.count++;
  const out = backend.makeOutput(size, x.dtype); // may grow the heap: offsets are read after
  const heap = backend.wasm.HEAPU8;
  const src = heapOffset(backend, x);
  let dst = heapOffset(backend, out);
  const rank = x.shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) strides[a] = strides[a + 1]! * x.shape[a + 1]!;
  let cut = rank - 1; // the innermost axis that is cut (axes inside it are whole)
  while (cut > 0 && size[cut] === x.shape[cut]) cut--;
  const run = size[cut]! * strides[cut]! * bytes;
  const index = new Array<number>(cut).fill(0); // over the axes outside the run
  const runs = size.slice(0, cut).reduce((n, s) => n * s, 1);
  for (let r = 0; r < runs; r++) {
    let from = begin[cut]! * strides[cut]!;
    for (let a = 0; a < cut; a++) from += (begin[a]! + index[a]!) * strides[a]!;
    heap.copyWithin(dst, src + from * bytes, src + from * bytes + run);
    dst += run;
    for (let a = cut - 1; a >= 0 && ++index[a]! === size[a]; a--) index[a] = 0;
  }
  return out;
}

/** Slices made here (tests check that ours ran). */
export const ourSlices = { count: 0 };

const copyable = (x: tf.TensorInfo) => BYTES[x.dtype] !== undefined && x.shape.length > 0;

function slice(args: Parameters<Ours>[0]): tf.TensorInfo | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (!copyable(x)) return null;
  const { begin, size } = args.attrs as { begin: number | number[]; size: number | number[] };
  const [b, s] = tf.slice_util.parseSliceParams(x as tf.TensorInfo & tf.Tensor, begin, size);
  return sliceInHeap(args.backend as unknown as WasmBackend, x, b, s);
}

function splitV(args: Parameters<Ours>[0]): tf.TensorInfo[] | null {
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (!copyable(x)) return null;
  const attrs = args.attrs as { numOrSizeSplits: number | number[]; axis: number };
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const piece = sliceInHeap(args.backend as unknown as WasmBackend, x, [...begin], size);
    begin[axis]! += s;
    return piece;
  });
}

/** Puts these in front of tfjs-wasm's Slice and SplitV. */
export function installWasmSlice(): void {
  putInFront('Slice', slice);
  putInFront('SplitV', splitV);
}
