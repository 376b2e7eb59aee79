/** Tensor helpers of the network that carry no weights: token blocks, GELU, pixel (un)shuffle,
 * padding to the window multiple. NHWC throughout, as training/arch.py's counterparts. */
import * as tf from '@tensorflow/tfjs';

/** `run` (a per-token function, (1, n, C) -> (1, n, C')) over blocks of at most `block` tokens
 * of x (1, N, C), joined: the same result with a block's temporaries at a time. */
export function inTokenBlocks(
  x: tf.Tensor3D,
  block: number,
  run: (t: tf.Tensor3D) => tf.Tensor3D,
): tf.Tensor3D {
  const [b, n, c] = x.shape;
  if (b !== 1 || n <= block) return run(x);
  const parts: tf.Tensor3D[] = [];
  for (let t0 = 0; t0 < n; t0 += block)
    parts.push(tf.tidy(() => run(x.slice([0, t0, 0], [1, Math.min(block, n - t0), c])))); // contiguous rows
  const out = tf.concat(parts, 1) as tf.Tensor3D;
  tf.dispose(parts);
  return out;
}

/** GELU, tanh form (as training/swin.py), available on every backend. */
export function gelu<T extends tf.Tensor>(x: T): T {
  // 0.5·x·(1 + tanh(z)) = x·sigmoid(2z), 2z = x·(a + b·x²): the same function in six kernels
  const a = 2 * Math.sqrt(2 / Math.PI);
  const z2 = x
    .square()
    .mul(a * 0.044715)
    .add(a)
    .mul(x);
  return x.mul(tf.sigmoid(z2)) as T;
}

/** PyTorch PixelShuffle in NHWC: channel c*s*s + i*s + j lands at (y*s + i, x*s + j). */
export function pixelShuffle(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, cs] = x.shape;
  const c = cs / (s * s);
  return x
    .reshape([b, h, w, c, s, s])
    .transpose([0, 1, 4, 2, 5, 3])
    .reshape([b, h * s, w * s, c]);
}

/** PyTorch PixelUnshuffle in NHWC, the inverse of pixelShuffle: (y*s + i, x*s + j, c) lands in
 * channel c*s*s + i*s + j. */
export function pixelUnshuffle(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return x
    .reshape([b, h / s, s, w / s, s, c])
    .transpose([0, 1, 3, 5, 2, 4])
    .reshape([b, h / s, w / s, c * s * s]);
}

/** Pad bottom/right to a multiple: reflect, or edge where the image is too small to reflect. */
export function padToMultiple(x: tf.Tensor4D, multiple: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const ph = (multiple - (h % multiple)) % multiple;
  const pw = (multiple - (w % multiple)) % multiple;
  if (!ph && !pw) return x;
  if (ph < h && pw < w)
    return tf.mirrorPad(
      x,
      [
        [0, 0],
        [0, ph],
        [0, pw],
        [0, 0],
      ],
      'reflect',
    );
  return edgePad(x, ph, pw);
}

function edgePad(x: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  let y = ph ? tf.concat([x, tf.tile(x.slice([0, h - 1], [-1, 1]), [1, ph, 1, 1])], 1) : x;
  y = pw ? tf.concat([y, tf.tile(y.slice([0, 0, w - 1], [-1, -1, 1]), [1, 1, pw, 1])], 2) : y;
  return y as tf.Tensor4D;
}
