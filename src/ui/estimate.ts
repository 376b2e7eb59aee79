/** The cost of a run before it starts: its tiles, a measured time per tile for each model on
 * this device's backend, and the workers that share the tiles. Pure, so it is unit-tested. */
import { planTiles } from '../engine/tiling';

/** Above this a run is called long, next to Restore, with the ways to make it shorter. */
export const LONG_RUN_S = 120;

/** Measured seconds per tile are kept per model, backend and tile size. */
export function rateKey(modelUrl: string, backend: string, tile: number): string {
  return `${modelUrl}|${backend}|${tile}`;
}

/** The input tile the tiler cuts from an image of this size (smaller for a small image). */
export function tileShape(width: number, height: number, tile: number) {
  return { w: Math.min(tile, width), h: Math.min(tile, height) };
}

export interface RunShape {
  width: number;
  height: number;
  tile: number;
  overlap: number;
  workers: number;
}

/** Tiles go to the workers in rounds of `workers`; each model runs every round. */
export function rounds({ width, height, tile, overlap, workers }: RunShape): number {
  return Math.ceil(planTiles(height, width, tile, overlap).length / Math.max(1, workers));
}

/** Seconds for the whole run: every chosen model, at its measured seconds per tile. */
export function runSeconds(shape: RunShape, secondsPerTile: number[]): number {
  const n = rounds(shape);
  return secondsPerTile.reduce((sum, s) => sum + n * s, 0);
}

/** What is left of a running run: the current model's remaining tiles at the rate so far, and
 * each model still to come at the same rate (LN and i-LN cost the same). */
export function remainingSeconds(
  progress: { done: number; total: number; elapsedMs: number },
  modelsAfter: number,
): number | null {
  if (!progress.done) return null;
  const perTile = progress.elapsedMs / 1000 / progress.done;
  return perTile * (progress.total - progress.done + modelsAfter * progress.total);
}

/** A duration as a sentence takes it: "about 42 s", but "under a second" (never "about under"). */
export function aboutDuration(seconds: number): string {
  return seconds < 1 ? 'under a second' : `about ${formatDuration(seconds)}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
