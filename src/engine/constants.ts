/** Engine-wide constants and defaults. Values that are part of the model format mirror
 * training/ exactly (norms.py, swin.py, arch.py). */

export const MODEL_FORMAT = 'iln-restore';
/** Version 2 added `unshuffle`; version 1 records are read as unshuffle 1. */
export const ARCH_VERSION = 2;
export const ARCH_VERSIONS = [1, 2] as const;
export const ILN_EPS = 1e-4;
export const LN_EPS = 1e-5;
/** Added to attention logits between pixels from different regions of a shifted window. */
export const MASK_VALUE = -100;

export const TASKS = ['sr-x2', 'sr-x4', 'denoise', 'dejpeg', 'derain'] as const;
export type TaskName = (typeof TASKS)[number];
export const NORMS = ['ln', 'iln'] as const;
export type NormName = (typeof NORMS)[number];

/** Tile side (input pixels) and overlap used unless the caller asks otherwise. */
export const DEFAULT_TILE = 128;
export const DEFAULT_OVERLAP = 16;

/** Where the app finds a model: models/<task>-<norm>/model.json next to the page. */
export function defaultModelUrl(task: TaskName, norm: NormName, base = './models'): string {
  return `${base}/${task}-${norm}/model.json`;
}
