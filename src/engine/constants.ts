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

/** photo: trained on the degradations real photos carry (training/photo_chains.py); benchmark:
 * on the paper's clean synthetic degradation. Photo models exist for PHOTO_TASKS. */
export const VARIANTS = ['photo', 'benchmark'] as const;
export type VariantName = (typeof VARIANTS)[number];
export const PHOTO_TASKS: readonly TaskName[] = ['sr-x2', 'sr-x4', 'denoise', 'dejpeg', 'derain'];

/** The model's folder name: sr-x2-iln (benchmark) or sr-x2-photo-iln (mirrors training/tasks.py). */
export function modelName(
  task: TaskName,
  norm: NormName,
  variant: VariantName = 'benchmark',
): string {
  return variant === 'photo' ? `${task}-photo-${norm}` : `${task}-${norm}`;
}

/** Tile side (input pixels) and overlap used unless the caller asks otherwise. */
export const DEFAULT_TILE = 128;
export const DEFAULT_OVERLAP = 16;

/** Where the app finds a model: models/<name>/model.json next to the page. */
export function defaultModelUrl(
  task: TaskName,
  norm: NormName,
  variant: VariantName = 'benchmark',
  base = './models',
): string {
  return `${base}/${modelName(task, norm, variant)}/model.json`;
}

/** Windows attended at once, and tokens through the MLP at once, on the CPU backends (wasm,
 * cpu): a 128-px tile's 256 windows and 16384 tokens go in four blocks, so a tile holds a quarter
 * of its attention maps and GELU temporaries at a time (`npm run bench`'s peak tensor MB); GPU
 * backends take everything at once, since there every kernel is a dispatch. */
export const ATTENTION_CHUNK_WINDOWS = 64;
export const MLP_CHUNK_TOKENS = 4096;
