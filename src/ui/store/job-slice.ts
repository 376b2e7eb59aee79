import type { StateCreator } from 'zustand';
import type { NormName, TaskName, VariantName } from '../../engine/constants';
import type { TileProgress } from '../../engine/schedule';

export type { TileProgress };

/** A run is going: its model loading or its tiles running. */
export function isBusy(status: JobStatus): boolean {
  return status === 'loading' || status === 'running';
}

export interface RunResult {
  norm: NormName;
  /** The kind of model that made it (photo or benchmark). */
  variant: VariantName;
  /** A chain's tasks in the order they ran (Restore as suggested); absent for one task. */
  steps?: TaskName[];
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  ms: number;
  backend: string;
  /** Inference workers that shared the tiles. */
  workers: number;
  psnr: number | null;
  ssim: number | null;
}

/** The result being computed: the output buffer, where finished tiles are painted as they land,
 * and the last tile painted (so a view redraws only that rectangle). */
export interface LiveResult {
  norm: NormName;
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  dirty: { x: number; y: number; w: number; h: number } | null;
}

export interface ChainStep {
  index: number;
  count: number;
  task: TaskName;
  /** 0..1 of the whole run */
  done: number;
  startedMs: number;
}

export type JobStatus = 'idle' | 'loading' | 'running' | 'done' | 'cancelled' | 'failed';

export interface JobSlice {
  jobStatus: JobStatus;
  /** The norm whose tiles are running now. */
  activeNorm: NormName | null;
  /** In a chain (Restore as suggested): the step running now, and the share of the whole run
   * (every step of every norm, weighted by its output pixels) done so far. */
  chainStep: ChainStep | null;
  setChainStep: (step: JobSlice['chainStep']) => void;
  tiles: TileProgress | null;
  live: LiveResult | null;
  download: { loaded: number; total: number } | null;
  results: Partial<Record<NormName, RunResult>>;
  jobError: string | null;
  /** PSNR/SSIM of what the user had (bicubic upscaling for SR, else the degraded input). */
  baseline: { label: string; psnr: number; ssim: number } | null;
  setBaseline: (b: JobSlice['baseline']) => void;
  startJob: () => void;
  setJobPhase: (status: 'loading' | 'running', norm: NormName) => void;
  setTiles: (p: TileProgress | null) => void;
  /** A tile landed in `rgba` (the live output of `norm`). */
  showTile: (
    norm: NormName,
    out: { width: number; height: number; rgba: Uint8ClampedArray },
    t: { x: number; y: number; w: number; h: number },
  ) => void;
  setDownload: (d: { loaded: number; total: number } | null) => void;
  addResult: (r: RunResult) => void;
  finishJob: (status: 'done' | 'cancelled' | 'failed', error?: string) => void;
  clearResults: () => void;
}

export const createJobSlice: StateCreator<JobSlice, [], [], JobSlice> = (set) => ({
  jobStatus: 'idle',
  activeNorm: null,
  chainStep: null,
  setChainStep: (chainStep) => set({ chainStep }),
  tiles: null,
  live: null,
  download: null,
  results: {},
  jobError: null,
  baseline: null,
  setBaseline: (baseline) => set({ baseline }),
  startJob: () =>
    set({
      jobStatus: 'loading',
      results: {},
      jobError: null,
      tiles: null,
      live: null,
      download: null,
      baseline: null,
    }),
  setJobPhase: (jobStatus, activeNorm) => set({ jobStatus, activeNorm }),
  setTiles: (tiles) => set({ tiles }),
  showTile: (norm, out, t) =>
    set({ live: { norm, ...out, dirty: { x: t.x, y: t.y, w: t.w, h: t.h } } }),
  setDownload: (download) => set({ download }),
  addResult: (r) => set((s) => ({ results: { ...s.results, [r.norm]: r }, live: null })),
  finishJob: (jobStatus, error) =>
    set({
      jobStatus,
      jobError: error ?? null,
      activeNorm: null,
      chainStep: null,
      tiles: null,
      live: null,
      download: null,
    }),
  clearResults: () => set({ results: {}, jobStatus: 'idle', jobError: null }),
});
