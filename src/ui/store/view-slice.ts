import type { StateCreator } from 'zustand';
import type { Point } from '../view-math';
import type { DiffGain } from '../../shared/difference';

/** What the result views show: each result against its before, or where images differ. */
export type ShowMode = 'compare' | 'difference';

export const MIN_ZOOM = 0.05;
export const MAX_ZOOM = 32;

export interface ViewSlice {
  /** Slider position, 0 (all before) to 1 (all after). */
  split: number;
  /** CSS pixels per output pixel; null = fit to the viewport. */
  zoom: number | null;
  /** The output pixel at the view's centre; null = the image's centre. */
  center: Point | null;
  /** The scale at which the result fits its view (set by the view), for relative zooming. */
  fitScale: number;
  /** Same-size tasks: how much of the result is shown and downloaded, 0 (the input) to 1. */
  strength: number;
  show: ShowMode;
  /** The difference view's gain; null: the default for what it compares. */
  diffGain: DiffGain | null;
  setShow: (v: ShowMode) => void;
  setDiffGain: (v: DiffGain | null) => void;
  setStrength: (v: number) => void;
  setFitScale: (v: number) => void;
  setSplit: (v: number) => void;
  /** A new zoom around the view's centre; null (or any zoom at or below fit) fits the whole
   * image again. */
  setZoom: (z: number | null) => void;
  setView: (v: { zoom: number | null; center: Point | null }) => void;
  resetView: () => void;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const createViewSlice: StateCreator<ViewSlice, [], [], ViewSlice> = (set) => ({
  split: 0.5,
  zoom: null,
  center: null,
  fitScale: 1,
  strength: 1,
  show: 'compare',
  diffGain: null,
  setShow: (show) => set({ show }),
  setDiffGain: (diffGain) => set({ diffGain }),
  setStrength: (v) => set({ strength: clamp(v, 0, 1) }),
  setFitScale: (fitScale) => set({ fitScale }),
  setSplit: (v) => set({ split: clamp(v, 0, 1) }),
  // at or below fit the view is fitted (zoom never goes below fit, and a zoom-in starts there)
  setZoom: (z) =>
    set((s) =>
      z === null || z <= s.fitScale
        ? { zoom: null, center: null }
        : { zoom: clamp(z, MIN_ZOOM, MAX_ZOOM) },
    ),
  setView: ({ zoom, center }) =>
    set({ zoom: zoom === null ? null : clamp(zoom, MIN_ZOOM, MAX_ZOOM), center }),
  resetView: () => set({ split: 0.5, zoom: null, center: null }),
});
