/** One store built from typed slices; components select single fields. */
import { create } from 'zustand';
import { createBackendSlice, type BackendSlice } from './backend-slice';
import { createDiagnosticsSlice, type DiagnosticsSlice } from './diagnostics-slice';
import { createEstimateSlice, type EstimateSlice } from './estimate-slice';
import { createInputSlice, type InputSlice } from './input-slice';
import { createJobSlice, isBusy, type JobSlice } from './job-slice';
import { createQueueSlice, type QueueSlice } from './queue-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createViewSlice, type ViewSlice } from './view-slice';

export type AppState = BackendSlice &
  InputSlice &
  SettingsSlice &
  JobSlice &
  ViewSlice &
  DiagnosticsSlice &
  EstimateSlice &
  QueueSlice;

export const useAppStore = create<AppState>()((...a) => ({
  ...createBackendSlice(...a),
  ...createInputSlice(...a),
  ...createSettingsSlice(...a),
  ...createJobSlice(...a),
  ...createViewSlice(...a),
  ...createDiagnosticsSlice(...a),
  ...createEstimateSlice(...a),
  ...createQueueSlice(...a),
}));

/** Whether a run is going (its model loading or its tiles running): the controls that would
 * change or restart it wait. */
export const useBusy = (): boolean => useAppStore((s) => isBusy(s.jobStatus));
