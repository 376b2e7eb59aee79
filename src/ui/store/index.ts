/** One store built from typed slices; components select single fields. */
import { create } from 'zustand';
import { createBackendSlice, type BackendSlice } from './backend-slice';

export type AppState = BackendSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createBackendSlice(...a),
}));
