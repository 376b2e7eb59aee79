/** model.json: the TF.js weights manifest plus this project's architecture record.
 * Validation throws exact messages that name the file and the field. */
import { ARCH_VERSION, ARCH_VERSIONS, MODEL_FORMAT, NORMS, type NormName } from './constants';

export interface Arch {
  version: number;
  dim: number;
  groups: number;
  depth: number;
  heads: number;
  window: number;
  mlpRatio: number;
  scale: number;
  norm: NormName;
  /** 2 / 4: the network runs at half / quarter resolution (pixel-unshuffle in, pixel-shuffle out). */
  unshuffle: 1 | 2 | 4;
}

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16'; original_dtype?: 'float32' };
}

export interface ModelManifest {
  format: string;
  task: string;
  arch: Arch;
  padMultiple: number;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

function positiveInt(file: string, arch: Record<string, unknown>, key: keyof Arch): number {
  const v = arch[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    fail(file, `arch.${key} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function parseArch(file: string, raw: unknown): Arch {
  if (!raw || typeof raw !== 'object') fail(file, 'has no "arch" record');
  const a = raw as Record<string, unknown>;
  if (!(ARCH_VERSIONS as readonly unknown[]).includes(a.version)) {
    fail(
      file,
      `unknown architecture version ${JSON.stringify(a.version)} (this engine reads versions ${ARCH_VERSIONS.join(' and ')})`,
    );
  }
  if (!NORMS.includes(a.norm as NormName)) {
    fail(file, `arch.norm must be "ln" or "iln", got ${JSON.stringify(a.norm)}`);
  }
  const arch: Arch = {
    version: ARCH_VERSION,
    dim: positiveInt(file, a, 'dim'),
    groups: positiveInt(file, a, 'groups'),
    depth: positiveInt(file, a, 'depth'),
    heads: positiveInt(file, a, 'heads'),
    window: positiveInt(file, a, 'window'),
    mlpRatio:
      typeof a.mlpRatio === 'number' && a.mlpRatio > 0
        ? a.mlpRatio
        : fail(file, 'arch.mlpRatio must be a positive number'),
    scale: positiveInt(file, a, 'scale'),
    norm: a.norm as NormName,
    unshuffle: a.version === 1 ? 1 : parseUnshuffle(file, a.unshuffle),
  };
  if (![1, 2, 3, 4].includes(arch.scale))
    fail(file, `arch.scale must be 1, 2, 3 or 4, got ${arch.scale}`);
  if (arch.dim % arch.heads)
    fail(file, `arch.dim ${arch.dim} is not divisible by arch.heads ${arch.heads}`);
  if (arch.window % 2) fail(file, `arch.window must be even, got ${arch.window}`);
  if (arch.unshuffle > 1 && arch.scale > 1)
    fail(file, 'arch.unshuffle is for same-size models (arch.scale 1) only');
  return arch;
}

function parseUnshuffle(file: string, v: unknown): 1 | 2 | 4 {
  if (v !== 1 && v !== 2 && v !== 4)
    fail(file, `arch.unshuffle must be 1, 2 or 4, got ${JSON.stringify(v)}`);
  return v;
}

/** Input sides are padded to this: a whole number of windows at the network's resolution. */
export function padMultipleOf(a: Arch): number {
  return a.window * a.unshuffle;
}

export function parseManifest(file: string, text: string): ModelManifest {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    fail(file, 'is not valid JSON (truncated or corrupt download?)');
  }
  if (raw === null || typeof raw !== 'object') fail(file, 'is not a model manifest');
  if (raw.format !== MODEL_FORMAT) {
    fail(
      file,
      `unsupported model format ${JSON.stringify(raw.format)} (expected "${MODEL_FORMAT}")`,
    );
  }
  const arch = parseArch(file, raw.arch);
  const groups = raw.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0) fail(file, 'has no weightsManifest');
  for (const g of groups as ModelManifest['weightsManifest']) {
    if (!Array.isArray(g.paths) || !Array.isArray(g.weights))
      fail(file, 'weightsManifest entries need "paths" and "weights"');
  }
  return {
    format: MODEL_FORMAT,
    task: String(raw.task ?? ''),
    arch,
    padMultiple: padMultipleOf(arch),
    weightsManifest: groups as ModelManifest['weightsManifest'],
  };
}
