/** Shifted-window attention in tfjs, mirroring training/swin.py step for step (NHWC). */
import * as tf from '@tensorflow/tfjs';
import { MASK_VALUE } from './constants';

/** (B, H, W, C) -> (B * H/ws * W/ws, ws*ws, C), windows in row-major order. */
export function windowPartition(x: tf.Tensor4D, ws: number): tf.Tensor3D {
  const [b, h, w, c] = x.shape;
  const t = x.reshape([b, h / ws, ws, w / ws, ws, c]).transpose([0, 1, 3, 2, 4, 5]);
  return t.reshape([-1, ws * ws, c]);
}

/** Exact inverse of windowPartition. */
export function windowReverse(windows: tf.Tensor3D, ws: number, h: number, w: number): tf.Tensor4D {
  const c = windows.shape[2];
  const b = windows.shape[0] / ((h / ws) * (w / ws));
  const t = windows.reshape([b, h / ws, w / ws, ws, ws, c]).transpose([0, 1, 3, 2, 4, 5]);
  return t.reshape([b, h, w, c]);
}

/** torch.roll over H and W by (shift, shift): out[i] = x[(i - shift) mod n]. */
export function roll(x: tf.Tensor4D, shift: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const sh = ((shift % h) + h) % h;
  const sw = ((shift % w) + w) % w;
  let y = sh ? tf.concat([x.slice([0, h - sh], [-1, sh]), x.slice([0, 0], [-1, h - sh])], 1) : x;
  y = sw
    ? tf.concat([y.slice([0, 0, w - sw], [-1, -1, sw]), y.slice([0, 0, 0], [-1, -1, w - sw])], 2)
    : y;
  return y as tf.Tensor4D;
}

/** (ws*ws * ws*ws) indices into the (2ws-1)^2 relative-position bias table. */
export function relativePositionIndex(ws: number): Int32Array {
  const n = ws * ws;
  const idx = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const dy = Math.floor(i / ws) - Math.floor(j / ws) + ws - 1;
      const dx = (i % ws) - (j % ws) + ws - 1;
      idx[i * n + j] = dy * (2 * ws - 1) + dx;
    }
  }
  return idx;
}

/** Region label of row/column `i` of an n-long axis after a cyclic shift. */
function region(i: number, n: number, ws: number, shift: number): number {
  if (i < n - ws) return 0;
  return i < n - shift ? 1 : 2;
}

/** (nW * N * N) additive mask values for a shifted map of h x w (N = ws*ws). */
export function shiftMaskValues(h: number, w: number, ws: number, shift: number): Float32Array {
  const n = ws * ws;
  const nw = (h / ws) * (w / ws);
  const out = new Float32Array(nw * n * n);
  const labels = new Int32Array(n);
  for (let win = 0; win < nw; win++) {
    const wy = Math.floor(win / (w / ws));
    const wx = win % (w / ws);
    for (let p = 0; p < n; p++) {
      const y = wy * ws + Math.floor(p / ws);
      const x = wx * ws + (p % ws);
      labels[p] = region(y, h, ws, shift) * 3 + region(x, w, ws, shift);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++)
        out[(win * n + i) * n + j] = labels[i] === labels[j] ? 0 : MASK_VALUE;
    }
  }
  return out;
}

export interface AttentionWeights {
  qkvW: tf.Tensor2D;
  qkvB: tf.Tensor1D;
  projW: tf.Tensor2D;
  projB: tf.Tensor1D;
  /** (heads, N, N), gathered once from the bias table. */
  bias: tf.Tensor3D;
}

/** x: (BW, N, C) windows; mask: (nW, N, N) or null. Returns (BW, N, C). */
export function windowAttention(
  x: tf.Tensor3D,
  a: AttentionWeights,
  heads: number,
  mask: tf.Tensor3D | null,
): tf.Tensor3D {
  const [bw, n, c] = x.shape;
  const d = c / heads;
  const qkv = x
    .reshape([bw * n, c])
    .matMul(a.qkvW)
    .add(a.qkvB); // (BW*N, 3C)
  // a 4D transpose then a split: tfjs-wasm's generic 5D transpose took a quarter of the run time
  const split = qkv.reshape([bw, n, 3 * heads, d]).transpose([0, 2, 1, 3]); // (BW, 3*heads, N, d)
  const [q, k, v] = tf.split(split, 3, 1).map((t) => t.reshape([bw * heads, n, d]) as tf.Tensor3D);
  let attn = tf.matMul(q!.mul(d ** -0.5), k!, false, true).reshape([bw, heads, n, n]); // (BW, heads, N, N)
  attn = attn.add(a.bias.expandDims(0));
  if (mask) {
    const nw = mask.shape[0];
    attn = attn.reshape([bw / nw, nw, heads, n, n]).add(mask.reshape([1, nw, 1, n, n]));
  }
  const probs = tf.softmax(attn.reshape([bw * heads, n, n])) as tf.Tensor3D;
  const out = tf.matMul(probs, v!).reshape([bw, heads, n, d]).transpose([0, 2, 1, 3]); // (BW, N, heads, d)
  return out
    .reshape([bw * n, c])
    .matMul(a.projW)
    .add(a.projB)
    .reshape([bw, n, c]);
}
