import type { StateCreator } from 'zustand';
import type { BackendReport } from '../../shared/protocol';

export interface BackendSlice {
  backendStatus: 'idle' | 'starting' | 'ready' | 'failed';
  backendReport: BackendReport | null;
  backendError: string | null;
  setBackendStarting: () => void;
  setBackendReady: (report: BackendReport) => void;
  setBackendFailed: (message: string) => void;
}

export const createBackendSlice: StateCreator<BackendSlice, [], [], BackendSlice> = (set) => ({
  backendStatus: 'idle',
  backendReport: null,
  backendError: null,
  setBackendStarting: () => set({ backendStatus: 'starting', backendError: null }),
  setBackendReady: (report) => set({ backendStatus: 'ready', backendReport: report }),
  setBackendFailed: (message) => set({ backendStatus: 'failed', backendError: message }),
});
