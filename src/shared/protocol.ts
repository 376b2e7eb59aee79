/** The typed messages between the UI thread and the inference worker. Every request carries
 * an id; the worker answers with the same id, so the bridge can route replies and aborts. */
import type { BackendChoice, BackendName } from './backend';

export interface BackendReport {
  choice: BackendChoice;
  /** tfjs's active backend after initialisation (must equal choice.backend). */
  active: string;
  /** A tiny computation ran on the backend and returned the right numbers. */
  selfCheck: boolean;
}

export type WorkerRequest =
  | { id: number; type: 'init'; forced: BackendName | null }
  | { id: number; type: 'abort'; target: number };

export type WorkerResponse =
  | { id: number; type: 'init'; report: BackendReport }
  | { id: number; type: 'error'; message: string };

export type RequestOf<T extends WorkerRequest['type']> = Extract<WorkerRequest, { type: T }>;
