import type { StateCreator } from 'zustand';

export interface EstimateSlice {
  /** Measured seconds per tile, by model, backend and tile shape (estimate.ts's rateKey): from a
   * one-tile probe when an image and a task are chosen, then from each finished run. Kept for
   * the session. */
  tileSeconds: Record<string, number>;
  setTileSeconds: (key: string, seconds: number) => void;
}

export const createEstimateSlice: StateCreator<EstimateSlice, [], [], EstimateSlice> = (set) => ({
  tileSeconds: {},
  setTileSeconds: (key, seconds) =>
    set((s) => ({ tileSeconds: { ...s.tileSeconds, [key]: seconds } })),
});
