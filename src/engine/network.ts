/** The restoration Transformer (LN or i-LN) in tfjs, NHWC, built from the model card's arch.
 * Mirrors training/arch.py; see training/README.md for the design. */
import * as tf from '@tensorflow/tfjs';
import { ATTENTION_CHUNK_WINDOWS, ILN_EPS, LN_EPS, MLP_CHUNK_TOKENS } from './constants';
import { padMultipleOf, type Arch } from './manifest';
import {
  relativePositionIndex,
  roll,
  shiftMaskValues,
  windowAttention,
  windowPartition,
  windowReverse,
  type AttentionWeights,
} from './swin';
import { FusedLayers } from './fused-layers';
import { fusedConv3x3 } from './wasm-fused';
import { gelu, inTokenBlocks, padToMultiple, pixelShuffle, pixelUnshuffle } from './tensor-ops';
import type { Weights } from './weights';

/** Receives named intermediate tensors (conv_first, layerN, groupN, output); they are disposed
 * after the pass unless the recorder keeps a copy. */
export type Recorder = (name: string, t: tf.Tensor) => void;

type Norm = (x: tf.Tensor3D, prefix: string) => [tf.Tensor3D, tf.Tensor | null];

export class RestorationNetwork {
  private biases = new Map<string, tf.Tensor3D>();
  private masks = new Map<string, tf.Tensor3D>();
  /** The layer on tfjs-wasm's fused kernels, where they run. */
  private fused: FusedLayers;
  /** Per layer: the qkv weights with the attention's 1/sqrt(d) folded into q's columns. */
  private qkv = new Map<string, { w: tf.Tensor2D; b: tf.Tensor1D }>();

  constructor(
    readonly arch: Arch,
    private weights: Weights,
  ) {
    const n = arch.window ** 2;
    const index = tf.tensor1d(relativePositionIndex(arch.window), 'int32');
    for (let g = 0; g < arch.groups; g++) {
      for (let l = 0; l < arch.depth; l++) {
        const p = `groups.${g}.layers.${l}.attn`;
        const table = this.w(`${p}.relative_position_bias_table`);
        // (N*N, heads) -> (heads, N, N), once per layer rather than per tile
        this.biases.set(
          p,
          tf.tidy(() => tf.gather(table, index).reshape([n, n, arch.heads]).transpose([2, 0, 1])),
        );
        this.qkv.set(p, this.scaledQkv(p));
      }
    }
    index.dispose();
    this.fused = new FusedLayers(arch, {
      weight: (name) => this.w(name),
      qkv: (prefix) => this.qkv.get(prefix)!,
      bias: (prefix) => this.biases.get(prefix)!,
      mask: (h, w) => this.mask(h, w),
    });
  }

  get scale(): number {
    return this.arch.scale;
  }

  /** q·kᵀ/sqrt(d) = (q/sqrt(d))·kᵀ: scaling q's weights and bias once saves a multiply over
   * every query in every pass. */
  private scaledQkv(p: string): { w: tf.Tensor2D; b: tf.Tensor1D } {
    const c = this.arch.dim;
    const k = (c / this.arch.heads) ** -0.5;
    const columns = tf.tidy(() => tf.concat([tf.fill([c], k), tf.ones([2 * c])])); // (3C)
    const scaled = tf.tidy(() => ({
      w: this.w<tf.Tensor2D>(`${p}.qkv.weight`).mul(columns) as tf.Tensor2D,
      b: this.w<tf.Tensor1D>(`${p}.qkv.bias`).mul(columns) as tf.Tensor1D,
    }));
    columns.dispose();
    return scaled;
  }

  private w<T extends tf.Tensor = tf.Tensor>(name: string): T {
    const t = this.weights.get(name);
    if (!t) throw new Error(`weight "${name}" is not loaded`);
    return t as T;
  }

  private mask(h: number, w: number): tf.Tensor3D {
    const key = `${h}x${w}`;
    let m = this.masks.get(key);
    if (!m) {
      const { window: ws } = this.arch;
      const n = ws * ws;
      m = tf.keep(tf.tensor3d(shiftMaskValues(h, w, ws, ws / 2), [(h / ws) * (w / ws), n, n]));
      this.masks.set(key, m);
    }
    return m;
  }

  /** One fused kernel for the convolution and its bias (a dispatch fewer on a GPU), and the
   * residual `add` after it: on wasm in our kernel's same pass (fused-layers.ts), elsewhere an add. */
  private conv(x: tf.Tensor4D, name: string, add?: tf.Tensor4D): tf.Tensor4D {
    const filter = this.w<tf.Tensor4D>(`${name}.weight`);
    const bias = this.w<tf.Tensor1D>(`${name}.bias`);
    if (this.fused.convs(x.shape[0], filter)) return fusedConv3x3(x, filter, bias, add);
    const out = tf.fused.conv2d({
      x,
      filter: this.w<tf.Tensor4D>(`${name}.weight`),
      strides: 1,
      pad: 'same',
      bias,
    });
    return add ? out.add(add) : out;
  }

  private linear(x: tf.Tensor3D, name: string): tf.Tensor3D {
    const [b, n, c] = x.shape;
    const wt = this.w<tf.Tensor2D>(`${name}.weight`);
    return tf.fused
      .matMul({ a: x.reshape([b * n, c]), b: wt, bias: this.w(`${name}.bias`) })
      .reshape([b, n, wt.shape[1]]);
  }

  private affine(x: tf.Tensor3D, prefix: string): tf.Tensor3D {
    return x.mul(this.w(`${prefix}.weight`)).add(this.w(`${prefix}.bias`));
  }

  /** Per-token LN: moments over C. */
  private tokenNorm: Norm = (x, prefix) => {
    const centred = x.sub(x.mean(-1, true));
    const variance = centred.square().mean(-1, true);
    return [this.affine(centred.div(variance.add(LN_EPS).sqrt()), prefix), null];
  };

  /** i-LN: one mean and biased variance per image over all H*W*C; returns the std too. */
  private imageNorm: Norm = (x, prefix) => {
    // the centred values serve the variance and the output: no second subtraction, no cast
    const centred = x.sub(x.mean([1, 2], true)); // mean (B, 1, 1)
    const std = centred.square().mean([1, 2], true).add(ILN_EPS).sqrt(); // biased variance
    return [this.affine(centred.div(std), prefix), std];
  };

  private outerNorm(x: tf.Tensor3D, prefix: string): tf.Tensor3D {
    return this.arch.norm === 'ln' ? this.tokenNorm(x, prefix)[0] : this.affine(x, prefix);
  }

  private attentionBranch(
    x: tf.Tensor3D,
    prefix: string,
    shifted: boolean,
    h: number,
    w: number,
  ): tf.Tensor3D {
    const { window: ws, heads } = this.arch;
    const [b, , c] = x.shape;
    const shift = shifted ? ws / 2 : 0;
    const qkv = this.qkv.get(prefix)!;
    const a: AttentionWeights = {
      qkvW: qkv.w, // q's columns already scaled by 1/sqrt(d)
      qkvB: qkv.b,
      projW: this.w(`${prefix}.proj.weight`),
      projB: this.w(`${prefix}.proj.bias`),
      bias: this.biases.get(prefix)!,
    };
    // shift and partition, attend, reverse and shift back: each step's copies go before the next
    const windows = tf.tidy(() => windowPartition(roll(x.reshape([b, h, w, c]), -shift), ws));
    const attended = windowAttention(
      windows,
      a,
      heads,
      shifted ? this.mask(h, w) : null,
      onCpu() ? ATTENTION_CHUNK_WINDOWS : Infinity,
    );
    windows.dispose();
    const out = tf.tidy(() =>
      roll(windowReverse(attended, ws, h, w), shift).reshape([b, h * w, c]),
    );
    attended.dispose();
    return out as tf.Tensor3D;
  }

  /** Each branch in a tidy of its own: its temporaries go before the next branch starts. */
  swinLayer(x: tf.Tensor3D, p: string, shifted: boolean, h: number, w: number): tf.Tensor3D {
    const norm = this.arch.norm === 'ln' ? this.tokenNorm : this.imageNorm;
    const y = tf.tidy(() => {
      const [n1, s1] = norm(x, `${p}.norm1`);
      const attn = this.attentionBranch(n1, `${p}.attn`, shifted, h, w);
      return x.add(s1 ? attn.mul(s1) : attn) as tf.Tensor3D;
    });
    return tf.tidy(() => {
      const [n2, s2] = norm(y, `${p}.norm2`);
      const mlp = this.mlp(n2, p);
      return y.add(s2 ? mlp.mul(s2) : mlp) as tf.Tensor3D;
    });
  }

  /** fc1, GELU, fc2; on the CPU backends a block of tokens at a time (GELU's five temporaries of
   * the hidden width are a tile's largest), elsewhere all at once (each kernel a dispatch). */
  private mlp(x: tf.Tensor3D, p: string): tf.Tensor3D {
    const run = (t: tf.Tensor3D) =>
      tf.tidy(() => this.linear(gelu(this.linear(t, `${p}.mlp.fc1`)), `${p}.mlp.fc2`));
    return onCpu() ? inTokenBlocks(x, MLP_CHUNK_TOKENS, run) : run(x);
  }

  private body(feat: tf.Tensor4D, record?: Recorder): tf.Tensor4D {
    const [b, h, w, c] = feat.shape;
    let x = this.outerNorm(feat.reshape([b, h * w, c]), 'patch_norm'); // (B, H*W, C)
    let layerIndex = 0;
    for (let g = 0; g < this.arch.groups; g++) {
      let y = x;
      for (let l = 0; l < this.arch.depth; l++) {
        // a tidy per layer frees its attention maps and MLP activations before the next layer,
        // so peak memory is one layer's worth, not the whole network's
        const input = y;
        const layer = this.fused.runs(b) ? this.fused : this;
        y = tf.tidy(() => layer.swinLayer(input, `groups.${g}.layers.${l}`, l % 2 === 1, h, w));
        record?.(`layer${layerIndex++}`, y.reshape([b, h, w, c]));
      }
      const map = (t: tf.Tensor) => t.reshape([b, h, w, c]) as tf.Tensor4D;
      x = this.conv(map(y), `groups.${g}.conv`, map(x)).reshape([b, h * w, c]); // + group skip
      record?.(`group${g}`, x.reshape([b, h, w, c]));
    }
    return this.outerNorm(x, 'norm').reshape([b, h, w, c]);
  }

  /** (B, H, W, 3) in [0, 1] -> (B, sH, sW, 3), unclipped. Caller owns the result. */
  forward(img: tf.Tensor4D, record?: Recorder): tf.Tensor4D {
    return tf.tidy(() => {
      const [, h, w] = img.shape;
      const { scale: s, unshuffle: u } = this.arch;
      const x = padToMultiple(img, padMultipleOf(this.arch)); // (B, Hp, Wp, 3)
      const small = u > 1 ? pixelUnshuffle(x, u) : x; // (B, Hp/u, Wp/u, 3*u*u)
      const feat = this.conv(small, 'conv_first'); // (B, Hp/u, Wp/u, C)
      record?.('conv_first', feat);
      const deep = this.conv(this.body(feat, record), 'conv_after_body', feat); // long skip
      let res = this.conv(deep, 'conv_last'); // (B, Hp/u, Wp/u, 3*s*s*u*u)
      if (u > 1) res = pixelShuffle(res, u); // (B, Hp, Wp, 3)
      let base: tf.Tensor4D = x;
      if (s > 1) {
        res = pixelShuffle(res, s); // (B, s*Hp, s*Wp, 3)
        base = tf.image.resizeBilinear(x, [x.shape[1] * s, x.shape[2] * s], false, true);
      }
      const out = base.add(res).slice([0, 0, 0, 0], [-1, h * s, w * s, 3]) as tf.Tensor4D;
      record?.('output', out);
      return out;
    });
  }

  parameterCount(): number {
    return [...this.weights.values()].reduce((n, t) => n + t.size, 0);
  }

  dispose(): void {
    this.biases.forEach((t) => t.dispose());
    this.masks.forEach((t) => t.dispose());
    this.fused.dispose();
    this.qkv.forEach(({ w, b }) => tf.dispose([w, b]));
    this.qkv.clear();
    this.weights.forEach((t) => t.dispose());
    this.biases.clear();
    this.masks.clear();
  }
}

/** The backends where memory, not the number of kernels, bounds a tile: wasm and cpu. */
function onCpu(): boolean {
  const backend = tf.getBackend();
  return backend === 'wasm' || backend === 'cpu';
}
