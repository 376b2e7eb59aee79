/** What a model costs: multiply-adds per output pixel, counted from the architecture. */
import type { Arch } from './manifest';

/** FLOPs (2 per multiply-add) per output pixel; attention counted over the full window. */
export function flopsPerOutputPixel(a: Arch): number {
  const c = a.dim;
  const n = a.window * a.window;
  const hidden = Math.floor(c * a.mlpRatio);
  const conv = (cin: number, cout: number) => 9 * cin * cout;
  // per input-resolution token
  const layer = 3 * c * c + c * c + 2 * n * c + 2 * c * hidden; // qkv, proj, QK^T and AV, MLP
  const u2 = a.unshuffle * a.unshuffle; // the network runs on 1/u² of the pixels
  const macs =
    conv(3 * u2, c) +
    a.groups * (a.depth * layer + conv(c, c)) +
    conv(c, c) +
    conv(c, 3 * a.scale * a.scale * u2);
  return (2 * macs) / (a.scale * a.scale * u2);
}
