/** The Swin layer on tfjs-wasm's fused kernels (wasm-fused.ts): the same function as
 * RestorationNetwork's composed layer, in fewer passes over a tile's tensors.
 *
 * - The norm's affine is folded into the linear after it: (n·γ + β)·W + b = n·(γW) + (βW + b).
 *   For i-LN the whole normalization folds too, since its mean μ and std σ are one number per
 *   image: ((x − μ)/σ·γ + β)·W + b = x·(γW/σ) + (βW + b − (μ/σ)·γW), so only the moments
 *   kernel reads the tensor; and i-LN's residual scale σ·f(·) folds into f's last linear.
 * - The attention reads q, k and v in image order through the shifted windows' addresses.
 * - Linear layers are our kernel, with GELU or the residual connection applied in the same pass.
 * - The MLP runs all tokens at once: with GELU fused, its peak is below the attention's.
 * - The 3x3 convolutions take our kernel too, with the skip after them (`convs`, asked by
 *   RestorationNetwork.conv). */
import * as tf from '@tensorflow/tfjs';
import { ILN_EPS, LN_EPS } from './constants';
import type { Arch } from './manifest';
import { windowTokenIndex } from './swin';
import {
  fusedAttentionFits,
  fusedDense,
  fusedKernels,
  fusedMoments,
  fusedTokenNorm,
  fusedWindowAttention,
} from './wasm-fused';

interface Linear {
  w: tf.Tensor2D; // (C, C')
  b: tf.Tensor1D; // (C')
}

/** A norm folded into the linear after it: γW, βW + b and γW's column sums, once per model. */
interface Fold {
  gw: tf.Tensor2D;
  c0: tf.Tensor1D;
  colsum: tf.Tensor1D;
}

export interface LayerWeights {
  weight<T extends tf.Tensor = tf.Tensor>(name: string): T;
  /** the qkv linear with q's columns scaled by 1/sqrt(d) */
  qkv(prefix: string): Linear;
  /** (heads, N, N) relative-position bias */
  bias(prefix: string): tf.Tensor3D;
  /** (nW, N, N) shift mask of an h x w map */
  mask(h: number, w: number): tf.Tensor3D;
}

export class FusedLayers {
  private folds = new Map<string, Fold>();
  private tokenIndex = new Map<string, tf.Tensor1D>();

  constructor(
    private arch: Arch,
    private weights: LayerWeights,
  ) {}

  /** Whether this backend and batch take the fused layer (i-LN's moments are per image; the
   * kernels read 4-wide vectors along every width). */
  runs(batch: number): boolean {
    const { window: ws, dim, heads, mlpRatio } = this.arch;
    const widths = fusedAttentionFits(ws * ws, dim / heads) && (dim * mlpRatio) % 4 === 0;
    return batch === 1 && widths && fusedKernels();
  }

  /** Whether a convolution of this filter takes our 3x3 kernel (one image, 4-wide outputs). */
  convs(batch: number, filter: tf.Tensor4D): boolean {
    const [kh, kw, , n] = filter.shape;
    return batch === 1 && kh === 3 && kw === 3 && n % 4 === 0 && fusedKernels();
  }

  /** (1, H*W, C) -> (1, H*W, C), as RestorationNetwork's swinLayer. */
  swinLayer(x: tf.Tensor3D, p: string, shifted: boolean, h: number, w: number): tf.Tensor3D {
    const [b, n, c] = x.shape;
    const rows = (t: tf.Tensor3D) => t.reshape([b * n, c]) as tf.Tensor2D; // (H*W, C)
    const y = tf.tidy(() => {
      const into = this.folded(x, `${p}.norm1`, `${p}.attn.qkv`, this.weights.qkv(`${p}.attn`));
      const attended = this.attention(rows(into.input), into.linear, `${p}.attn`, shifted, h, w);
      const proj = this.scaled(this.linear(`${p}.attn.proj`), into.std);
      return dense(attended, proj, { residual: rows(x) }); // x + σ·proj(attention)
    });
    return tf.tidy(() => {
      const into = this.folded(
        y.reshape([b, n, c]),
        `${p}.norm2`,
        `${p}.mlp.fc1`,
        this.linear(`${p}.mlp.fc1`),
      );
      const hidden = dense(rows(into.input), into.linear, { gelu: true }); // (H*W, hidden)
      const fc2 = this.scaled(this.linear(`${p}.mlp.fc2`), into.std);
      return dense(hidden, fc2, { residual: y }).reshape([b, n, c]) as tf.Tensor3D;
    });
  }

  /** (H*W, C) -> (H*W, C): each token's attention output, before the projection. */
  private attention(
    x: tf.Tensor2D,
    qkv: Linear,
    prefix: string,
    shifted: boolean,
    h: number,
    w: number,
  ): tf.Tensor2D {
    const { window: ws, heads } = this.arch;
    const rows = dense(x, qkv); // (H*W, 3C), image order
    const index = this.windowIndex(1, h, w, shifted ? ws / 2 : 0);
    const mask = shifted ? this.weights.mask(h, w) : null;
    return fusedWindowAttention(rows, index, this.weights.bias(prefix), mask, heads);
  }

  /** The linear's input and weights with the norm folded in, and i-LN's σ (null for LN). */
  private folded(
    x: tf.Tensor3D,
    norm: string,
    key: string,
    linear: Linear,
  ): { input: tf.Tensor3D; linear: Linear; std: tf.Tensor1D | null } {
    const fold = this.fold(norm, key, linear);
    if (this.arch.norm === 'ln')
      return { input: fusedTokenNorm(x, LN_EPS), linear: { w: fold.gw, b: fold.c0 }, std: null };
    const moments = fusedMoments(x); // (2): μ, biased variance
    const std = moments.slice(1, 1).add(ILN_EPS).sqrt() as tf.Tensor1D; // (1)
    const mu = moments.slice(0, 1).div(std); // μ/σ, (1)
    const w = fold.gw.div(std) as tf.Tensor2D;
    const b = fold.c0.sub(fold.colsum.mul(mu)) as tf.Tensor1D;
    return { input: x, linear: { w, b }, std };
  }

  private fold(norm: string, key: string, linear: Linear): Fold {
    const known = this.folds.get(key);
    if (known) return known;
    const gamma = this.weights.weight<tf.Tensor1D>(`${norm}.weight`);
    const beta = this.weights.weight<tf.Tensor1D>(`${norm}.bias`);
    const fold = tf.tidy(() => {
      const gw = linear.w.mul(gamma.reshape([-1, 1])) as tf.Tensor2D; // (C, C')
      const c0 = beta.reshape([1, -1]).matMul(linear.w).reshape([-1]).add(linear.b); // (C')
      return { gw, c0: c0 as tf.Tensor1D, colsum: gw.sum(0) as tf.Tensor1D };
    });
    tf.keep(fold.gw); // made inside a layer's tidy, kept for every later tile
    tf.keep(fold.c0);
    tf.keep(fold.colsum);
    this.folds.set(key, fold);
    return fold;
  }

  private linear(name: string): Linear {
    return { w: this.weights.weight(`${name}.weight`), b: this.weights.weight(`${name}.bias`) };
  }

  /** f's last linear times i-LN's σ: σ·(zW + b) = z(σW) + σb. */
  private scaled(linear: Linear, std: tf.Tensor1D | null): Linear {
    if (!std) return linear;
    return { w: linear.w.mul(std) as tf.Tensor2D, b: linear.b.mul(std) as tf.Tensor1D };
  }

  private windowIndex(b: number, h: number, w: number, shift: number): tf.Tensor1D {
    const key = `${b}x${h}x${w}/${shift}`;
    let index = this.tokenIndex.get(key);
    if (!index) {
      index = tf.keep(tf.tensor1d(windowTokenIndex(b, h, w, this.arch.window, shift), 'int32'));
      this.tokenIndex.set(key, index);
    }
    return index;
  }

  dispose(): void {
    this.folds.forEach((f) => tf.dispose([f.gw, f.c0, f.colsum]));
    this.folds.clear();
    this.tokenIndex.forEach((t) => t.dispose());
    this.tokenIndex.clear();
  }
}

/** (rows, C) · W + b, with GELU or a residual in the same pass. */
function dense(
  x: tf.Tensor2D,
  linear: Linear,
  then?: { residual?: tf.Tensor2D; gelu?: boolean },
): tf.Tensor2D {
  return fusedDense(x, linear.w, linear.b, then);
}
