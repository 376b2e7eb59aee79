import type { StateCreator } from 'zustand';
import type { NormName } from '../../engine/constants';
import type { LayerStats } from '../../shared/protocol';

export interface DiagnosticsSlice {
  diagStatus: 'idle' | 'running' | 'done' | 'failed';
  diagStats: Partial<Record<NormName, LayerStats[]>>;
  diagCrop: { width: number; height: number } | null;
  diagError: string | null;
  setDiagRunning: (crop: { width: number; height: number }) => void;
  setDiagStats: (norm: NormName, stats: LayerStats[]) => void;
  finishDiag: (error?: string) => void;
}

export const createDiagnosticsSlice: StateCreator<DiagnosticsSlice, [], [], DiagnosticsSlice> = (
  set,
) => ({
  diagStatus: 'idle',
  diagStats: {},
  diagCrop: null,
  diagError: null,
  setDiagRunning: (diagCrop) =>
    set({ diagStatus: 'running', diagStats: {}, diagCrop, diagError: null }),
  setDiagStats: (norm, stats) => set((s) => ({ diagStats: { ...s.diagStats, [norm]: stats } })),
  finishDiag: (error) => set({ diagStatus: error ? 'failed' : 'done', diagError: error ?? null }),
});
