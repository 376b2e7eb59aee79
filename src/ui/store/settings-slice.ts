import type { StateCreator } from 'zustand';
import {
  DEFAULT_OVERLAP,
  DEFAULT_TILE,
  type NormName,
  type TaskName,
  type VariantName,
} from '../../engine/constants';
import { storedVariant } from '../model-choice';
import { DEFAULT_DEGRADE, type DegradeSettings } from '../image/degrade';
import { pinnedTile } from '../tile-choice';
import { storedSaveFormat, type SaveFormat } from '../save';

export type NormMode = 'iln' | 'ln' | 'both';

/** The norms a mode runs, in the order they run (and are shown). */
export function normsFor(mode: NormMode): NormName[] {
  return mode === 'both' ? ['iln', 'ln'] : [mode];
}
export type BeforeMode = 'nearest' | 'bicubic';
/** Where the tile size came from: the engine's default until this device has been measured
 * (tile-choice.ts), or pinned by `?tile=N`. */
export type TileSource = 'default' | 'measured' | 'pinned';

const PINNED_TILE = pinnedTile(globalThis.location?.search ?? '');

export interface SettingsSlice {
  task: TaskName;
  /** The kind of model the user chose (photo or benchmark); model-choice.ts's variantFor says
   * which runs for a task. */
  variant: VariantName;
  normMode: NormMode;
  degradeFirst: boolean;
  degrade: DegradeSettings;
  tile: number;
  tileSource: TileSource;
  overlap: number;
  beforeMode: BeforeMode;
  /** What Download saves (remembered across visits). */
  saveFormat: SaveFormat;
  /** Models the build ships, e.g. "sr-x2-iln". */
  availableModels: string[];
  setTask: (task: TaskName) => void;
  setVariant: (variant: VariantName) => void;
  setNormMode: (mode: NormMode) => void;
  setDegradeFirst: (on: boolean) => void;
  setDegrade: (patch: Partial<DegradeSettings>) => void;
  setBeforeMode: (mode: BeforeMode) => void;
  setSaveFormat: (format: SaveFormat) => void;
  setTile: (tile: number, source: TileSource) => void;
  setAvailableModels: (names: string[]) => void;
}

export const createSettingsSlice: StateCreator<SettingsSlice, [], [], SettingsSlice> = (set) => ({
  task: 'sr-x2',
  variant: storedVariant(),
  normMode: 'iln',
  degradeFirst: false,
  degrade: DEFAULT_DEGRADE,
  tile: PINNED_TILE ?? DEFAULT_TILE,
  tileSource: PINNED_TILE === null ? 'default' : 'pinned',
  overlap: DEFAULT_OVERLAP,
  beforeMode: 'bicubic', // what a user would otherwise get: nearest flatters the result
  saveFormat: storedSaveFormat(),
  availableModels: [],
  setTask: (task) => set({ task }),
  setVariant: (variant) => set({ variant }),
  setNormMode: (normMode) => set({ normMode }),
  setDegradeFirst: (degradeFirst) => set({ degradeFirst }),
  setDegrade: (patch) => set((s) => ({ degrade: { ...s.degrade, ...patch } })),
  setBeforeMode: (beforeMode) => set({ beforeMode }),
  setSaveFormat: (saveFormat) => set({ saveFormat }),
  setTile: (tile, tileSource) => set({ tile, tileSource }),
  setAvailableModels: (availableModels) => set({ availableModels }),
});
