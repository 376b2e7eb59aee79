/** What the shipped models are, from their cards (models/<task>-<norm>/card.json, written by
 * training/export.py) and the seed study (models/seed-study.json, training/seed_study.py): the
 * numbers LN beside i-LN, the training curves, and LN against i-LN over seeds. */
import { modelName, type NormName, type TaskName, type VariantName } from '../engine/constants';

export interface CardMetric {
  set: string;
  setting: string;
  space: string;
  psnr: number;
  ssim: number;
  /** absent for identity checks (a clean input, scored against itself) */
  baselinePsnr?: number;
}

export interface ModelCard {
  name: string;
  norm: NormName;
  params: number;
  weightsBytes: number;
  training: {
    /** the training folders, e.g. "train/T91" */
    data?: string[];
    /** photo models: the degradation recipe (training/photo_chains.py) */
    photoRecipe?: { name: string; source: string };
    steps: number;
    wallTimeS: number;
    totalSteps?: number;
    totalWallTimeS?: number;
    hardware: string;
    lossCurve: [number, number][];
    valCurve: [number, number][];
    /** Newest first; their curves are on record for stages trained since cards kept them. */
    earlierStages?: StageRecord[];
  };
  metrics?: CardMetric[];
}

export interface StageRecord {
  steps: number;
  lossCurve?: [number, number][];
  valCurve?: [number, number][];
}

export interface SeedRun {
  task: string;
  norm: NormName;
  seed: number;
  final: Record<string, number>;
  valCurve: [number, number][];
}

export interface SeedSummary {
  task: string;
  set: string;
  seeds: number;
  lnMean: number;
  lnStd: number;
  ilnMean: number;
  ilnStd: number;
  gap: number;
  gapStdErr: number;
}

export interface SeedStudy {
  summary: SeedSummary[];
  runs: SeedRun[];
}

const cache = new Map<string, Promise<unknown>>();

/** A JSON file next to the models, fetched once; null when it is not there (or offline). */
function fetchJson<T>(path: string): Promise<T | null> {
  let p = cache.get(path);
  if (!p) {
    p = fetch(path)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null);
    cache.set(path, p);
  }
  return p as Promise<T | null>;
}

export const fetchCard = (task: string, norm: NormName, variant: VariantName = 'benchmark') =>
  fetchJson<ModelCard>(`./models/${modelName(task as TaskName, norm, variant)}/card.json`);
export const fetchSeedStudy = () => fetchJson<SeedStudy>('./models/seed-study.json');

export interface MetricRow {
  set: string;
  setting: string;
  baseline: number | null;
  ln: number | null;
  iln: number | null;
}

/** One row per (set, setting) either card measured, LN and i-LN side by side. */
export function metricRows(ln: ModelCard | null, iln: ModelCard | null): MetricRow[] {
  const rows = new Map<string, MetricRow>();
  for (const [norm, card] of [
    ['ln', ln],
    ['iln', iln],
  ] as const) {
    for (const m of card?.metrics ?? []) {
      const key = `${m.set}|${m.setting}`;
      const row = rows.get(key) ?? {
        set: m.set,
        setting: m.setting,
        baseline: m.baselinePsnr ?? null,
        ln: null,
        iln: null,
      };
      row[norm] = m.psnr;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/** Mean and sample standard deviation of each seed's validation curve, at the steps all share. */
export function seedCurve(runs: SeedRun[], task: string, norm: NormName) {
  const curves = runs
    .filter((r) => r.task === task && r.norm === norm)
    .map((r) => new Map(r.valCurve));
  if (!curves.length) return null;
  const steps = [...curves[0]!.keys()].filter((s) => curves.every((c) => c.has(s)));
  return steps.map((s) => {
    const v = curves.map((c) => c.get(s)!);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd =
      v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
    return { step: s, mean, sd };
  });
}

export type Curve = [number, number][];

/** A card's curve over all its training stages on one step axis (oldest first), or the last
 * stage's alone when an earlier stage has none on record. */
export function stitchedCurve(
  t: ModelCard['training'],
  pick: (s: StageRecord) => Curve | undefined,
): { points: Curve; allStages: boolean } {
  const earlier = [...(t.earlierStages ?? [])].reverse();
  if (!earlier.every((s) => pick(s))) return { points: pick(t) ?? [], allStages: false };
  let offset = 0;
  const points: Curve = [];
  for (const stage of [...earlier, t]) {
    for (const [step, v] of pick(stage)!) points.push([offset + step, v]);
    offset += stage.steps;
  }
  return { points, allStages: true };
}
