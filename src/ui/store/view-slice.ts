import type { StateCreator } from 'zustand';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 32;

export interface ViewSlice {
  /** Slider position, 0 (all before) to 1 (all after). */
  split: number;
  /** CSS pixels per output pixel; null = fit to the viewport. */
  zoom: number | null;
  panX: number;
  panY: number;
  /** The scale at which the result fits its view (set by the view), for relative zooming. */
  fitScale: number;
  setFitScale: (v: number) => void;
  setSplit: (v: number) => void;
  setZoom: (z: number | null) => void;
  panBy: (dx: number, dy: number) => void;
  resetView: () => void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  split: 0.5,
  zoom: null,
  panX: 0,
  panY: 0,
  fitScale: 1,
  setFitScale: (fitScale) => set({ fitScale }),
  setSplit: (v) => set({ split: clamp(v, 0, 1) }),
  setZoom: (z) =>
    set(z === null ? { zoom: null, panX: 0, panY: 0 } : { zoom: clamp(z, MIN_ZOOM, MAX_ZOOM) }),
  panBy: (dx, dy) => set((s) => ({ panX: s.panX + dx, panY: s.panY + dy })),
  resetView: () => set({ split: 0.5, zoom: null, panX: 0, panY: 0 }),
});
