/** Plain module-level actions: the only code that talks to the worker client. */
import { forcedBackendFrom } from '../shared/backend';
import { useAppStore } from './store';
import { createWorkerClient, type WorkerClient } from './worker-client';

let client: WorkerClient | null = null;

export function workerClient(): WorkerClient {
  client ??= createWorkerClient();
  return client;
}

export async function startBackend(search = globalThis.location?.search ?? ''): Promise<void> {
  const { setBackendStarting, setBackendReady, setBackendFailed } = useAppStore.getState();
  setBackendStarting();
  try {
    setBackendReady(await workerClient().init(forcedBackendFrom(search)));
  } catch (e) {
    setBackendFailed(e instanceof Error ? e.message : String(e));
  }
}
