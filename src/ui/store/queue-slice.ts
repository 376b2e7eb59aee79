import type { StateCreator } from 'zustand';
import type { NormName } from '../../engine/constants';
import type { RunResult } from './job-slice';

/** One saved result of a queued file: the PNG, its name, and what the run measured (to show it
 * again in the compare view). */
export interface QueueOutput {
  blob: Blob;
  fileName: string;
  run: Omit<RunResult, 'rgba'>;
}

export type QueueStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

/** One file of a multi-file drop: restored in turn with the chosen task and norms. */
export interface QueueItem {
  id: number;
  name: string;
  file: Blob;
  status: QueueStatus;
  error: string | null;
  /** Object URL of a small preview of the input. */
  thumbUrl: string | null;
  /** The input has transparency: its preview sits on the checkerboard, else on plain ground. */
  thumbAlpha: boolean;
  /** The saved results, PNG, one per norm that ran. */
  outputs: Partial<Record<NormName, QueueOutput>>;
}

export interface QueueSlice {
  queue: QueueItem[];
  queueRunning: boolean;
  enqueue: (files: { name: string; file: Blob }[]) => void;
  updateItem: (id: number, patch: Partial<QueueItem>) => void;
  setQueueRunning: (on: boolean) => void;
  clearQueue: () => void;
}

let nextId = 1;

export const createQueueSlice: StateCreator<QueueSlice, [], [], QueueSlice> = (set) => ({
  queue: [],
  queueRunning: false,
  enqueue: (files) =>
    set((s) => ({
      queue: [
        ...s.queue,
        ...files.map(({ name, file }) => ({
          id: nextId++,
          name,
          file,
          status: 'waiting' as const,
          error: null,
          thumbUrl: null,
          thumbAlpha: false,
          outputs: {},
        })),
      ],
    })),
  updateItem: (id, patch) =>
    set((s) => ({ queue: s.queue.map((q) => (q.id === id ? { ...q, ...patch } : q)) })),
  setQueueRunning: (queueRunning) => set({ queueRunning }),
  clearQueue: () => set({ queue: [] }),
});
