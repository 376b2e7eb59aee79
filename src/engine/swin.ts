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

/** The image row (b*H*W + y*W + x) of every window token of windowPartition(roll(x, -shift)),
 * windows and tokens in that order: the same windows as addresses instead of copies. The reverse
 * (windowReverse, then roll by +shift) puts each token back on the same row. */
export function windowTokenIndex(
  b: number,
  h: number,
  w: number,
  ws: number,
  shift: number,
): Int32Array {
  const index = new Int32Array(b * h * w);
  let i = 0;
  for (let img = 0; img < b; img++)
    for (let wy = 0; wy < h; wy += ws)
      for (let wx = 0; wx < w; wx += ws)
        for (let ty = 0; ty < ws; ty++)
          for (let tx = 0; tx < ws; tx++) {
            const y = (wy + ty + shift) % h;
            const x = (wx + tx + shift) % w;
            index[i++] = (img * h + y) * w + x;
          }
  return index;
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
  /** q's columns (the first C) scaled by 1/sqrt(d), the attention's temperature. */
  qkvW: tf.Tensor2D;
  qkvB: tf.Tensor1D;
  projW: tf.Tensor2D;
  projB: tf.Tensor1D;
  /** (heads, N, N), gathered once from the bias table. */
  bias: tf.Tensor3D;
}

/** x: (BW, N, C) windows; mask: (nW, N, N) or null. Returns (BW, N, C). With `maxWindows`,
 * at most that many windows are attended at once (one image's windows; with several images in
 * the batch and a mask, all at once), so the attention maps a tile holds at a time stay small. */
export function windowAttention(
  x: tf.Tensor3D,
  a: AttentionWeights,
  heads: number,
  mask: tf.Tensor3D | null,
  maxWindows = Infinity,
): tf.Tensor3D {
  const bw = x.shape[0];
  if (bw <= maxWindows || (mask && mask.shape[0] !== bw)) return attend(x, a, heads, mask);
  const parts: tf.Tensor3D[] = [];
  for (let w0 = 0; w0 < bw; w0 += maxWindows) {
    const size = Math.min(maxWindows, bw - w0);
    const part = (t: tf.Tensor3D) => t.slice([w0, 0, 0], [size, -1, -1]); // contiguous
    parts.push(tf.tidy(() => attend(part(x), a, heads, mask && part(mask))));
  }
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}

function attend(
  x: tf.Tensor3D,
  a: AttentionWeights,
  heads: number,
  mask: tf.Tensor3D | null,
): tf.Tensor3D {
  const [bw, n, c] = x.shape;
  const d = c / heads;
  // nested tidies free each stage's temporaries as soon as the next has what it needs, so a
  // tile's peak holds one stage of the attention maps, not all of them
  const [q, k, v] = tf.tidy(() => {
    const qkv = tf.fused.matMul({ a: x.reshape([bw * n, c]), b: a.qkvW, bias: a.qkvB }); // (BW*N, 3C)
    // one 4D transpose puts q, k and v each in one contiguous block, heads outermost, so the
    // split is three memory copies (split along an inner axis was tfjs-wasm's slowest kernel: a
    // copy per row) and the order (heads, BW) needs no 5D transpose, which tfjs-wasm runs slowly
    const split = qkv.reshape([bw, n, 3 * heads, d]).transpose([2, 0, 1, 3]); // (3*heads, BW, N, d)
    return tf.split(split, 3, 0).map((t) => t.reshape([heads * bw, n, d]) as tf.Tensor3D);
  });
  const probs = tf.tidy(() => {
    let attn = tf.matMul(q!, k!, false, true).reshape([heads, bw, n, n]); // (heads, BW, N, N)
    attn = attn.add(a.bias.expandDims(1));
    if (mask) {
      const nw = mask.shape[0];
      attn = attn.reshape([heads, bw / nw, nw, n, n]).add(mask.reshape([1, 1, nw, n, n]));
    }
    return tf.softmax(attn.reshape([heads * bw, n, n])) as tf.Tensor3D;
  });
  tf.dispose([q!, k!]);
  const out = tf.tidy(() =>
    tf.matMul(probs, v!).reshape([heads, bw, n, d]).transpose([1, 2, 0, 3]),
  ); // (BW, N, heads, d)
  tf.dispose([probs, v!]);
  const projected = tf.tidy(() =>
    tf.fused.matMul({ a: out.reshape([bw * n, c]), b: a.projW, bias: a.projB }).reshape([bw, n, c]),
  );
  out.dispose();
  return projected as tf.Tensor3D;
}
