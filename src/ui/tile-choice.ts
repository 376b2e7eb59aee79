/** The app's tile size: measured once per device, backend and model (engine/tile-choice.ts picks
 * the size that costs least per output pixel within a memory bound) and remembered across visits;
 * `?tile=N` in the address pins one instead. */
import type { BackendReport } from '../shared/protocol';

const KEY = 'iln-restore:tiles';
/** The tiles a user may pin: what the tiler and every model's padding accept. */
export const PINNED_TILE_RANGE = { min: 32, max: 1024 } as const;

/** `?tile=N`: a pinned tile side, or null when the address does not pin one. */
export function pinnedTile(search: string): number | null {
  const raw = new URLSearchParams(search).get('tile');
  if (raw === null) return null;
  const n = Number(raw);
  const { min, max } = PINNED_TILE_RANGE;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Where a measurement holds: the backend, the device it runs on and the model (its URL carries
 * the model's version, so a new model is measured again). */
export function choiceKey(report: BackendReport, modelUrl: string): string {
  return `${report.active}|${report.choice.device}|${modelUrl}`;
}

/** A remembered record of `storageKey` (empty with no storage or a damaged entry: measure
 * again). */
function readRecord<T>(storageKey: string): Record<string, T> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, T>) : {};
  } catch {
    return {};
  }
}

/** Sets (or with `undefined` removes) one entry of a remembered record; with storage blocked
 * nothing is remembered and the next visit measures again. */
function writeEntry(storageKey: string, key: string, value: unknown): void {
  try {
    const record = readRecord<unknown>(storageKey);
    if (value === undefined) delete record[key];
    else record[key] = value;
    localStorage.setItem(storageKey, JSON.stringify(record));
  } catch {
    // storage blocked
  }
}

export function storedTile(key: string): number | undefined {
  const tile = readRecord<number>(KEY)[key];
  return typeof tile === 'number' && Number.isInteger(tile) && tile > 0 ? tile : undefined;
}

export function storeTile(key: string, tile: number): void {
  writeEntry(KEY, key, tile);
}

/** Bytes one worker's tile may hold: a quarter of the device's memory (4 GB where the browser
 * does not say) shared by the workers, each of which holds one tile at a time. */
export function tileMemoryBudget(workers: number, deviceMemoryGb = 4): number {
  return (deviceMemoryGb * 2 ** 30) / 4 / Math.max(1, workers);
}

const COSTS_KEY = 'iln-restore:tile-costs';
/** Seconds per output pixel of each measured size on one worker, as measured for a choice. */
export type TileCosts = Record<number, number>;

export function storedTileCosts(key: string): TileCosts | undefined {
  const costs = readRecord<TileCosts>(COSTS_KEY)[key];
  return costs && typeof costs === 'object' ? costs : undefined;
}

export function storeTileCosts(key: string, costs: TileCosts): void {
  writeEntry(COSTS_KEY, key, costs);
}

/** Forgets a choice, so the next probe measures again. */
export function forgetTile(key: string): void {
  writeEntry(KEY, key, undefined);
  writeEntry(COSTS_KEY, key, undefined);
}

/** A run on N workers pays for sharing the cores and the page (1.1-1.3x one worker's cost
 * here), so only a run this much slower per tile than another measured size says the remembered
 * size was chosen by a noisy measurement: a 64-px choice (1.55x a 256-px tile's cost) is caught
 * from a sharing cost of 1.13x, a right one is kept up to 1.7x. */
export const REMEASURE_FACTOR = 1.75;

/** Whether a run on the remembered `tile` (its seconds per output pixel per worker) ran clearly
 * slower than another measured size costs: then the size is measured again. */
export function runSaysRemeasure(tile: number, costs: TileCosts, runCost: number): boolean {
  const others = Object.entries(costs)
    .filter(([side]) => Number(side) !== tile)
    .map(([, cost]) => cost);
  return others.length > 0 && runCost > REMEASURE_FACTOR * Math.min(...others);
}
