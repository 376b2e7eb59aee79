/// <reference lib="webworker" />
/** The inference worker: owns tfjs and the backend; the UI thread never blocks on it. */
import { chooseBackend } from '../shared/backend';
import { probeAll } from '../shared/probe';
import type { RequestOf, WorkerRequest, WorkerResponse } from '../shared/protocol';
import { activateBackend, selfCheck } from './activate';

declare const self: DedicatedWorkerGlobalScope;

function reply(message: WorkerResponse): void {
  self.postMessage(message);
}

async function init(req: RequestOf<'init'>): Promise<void> {
  const choice = chooseBackend(await probeAll(), req.forced);
  const active = await activateBackend(choice.backend);
  reply({ id: req.id, type: 'init', report: { choice, active, selfCheck: await selfCheck() } });
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'abort') return; // nothing long-running yet to abort
  init(req).catch((e: unknown) =>
    reply({ id: req.id, type: 'error', message: e instanceof Error ? e.message : String(e) }),
  );
};
