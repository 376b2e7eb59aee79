import type { StateCreator } from 'zustand';
import type { BackendReport } from '../../shared/protocol';

export interface BackendSlice {
  backendStatus: 'idle' | 'starting' | 'ready' | 'failed';
  backendReport: BackendReport | null;
  backendError: string | null;
  /** Inference workers sharing the tiles (one per core on WASM, one on a GPU). */
  workers: number;
  /** The service worker has cached the app shell: a reload works without the network. */
  offlineReady: boolean;
  setOfflineReady: (v: boolean) => void;
  setBackendStarting: () => void;
  setBackendReady: (report: BackendReport, workers: number) => void;
  setBackendFailed: (message: string) => void;
}

export const createBackendSlice: StateCreator<BackendSlice, [], [], BackendSlice> = (set) => ({
  backendStatus: 'idle',
  backendReport: null,
  backendError: null,
  workers: 1,
  offlineReady: false,
  setOfflineReady: (offlineReady) => set({ offlineReady }),
  setBackendStarting: () => set({ backendStatus: 'starting', backendError: null }),
  setBackendReady: (report, workers) =>
    set({ backendStatus: 'ready', backendReport: report, workers }),
  setBackendFailed: (message) => set({ backendStatus: 'failed', backendError: message }),
});
