/// <reference lib="webworker" />
/** The inference worker's entry: routes each request of the protocol to its handler
 * (handlers.ts) and posts the reply under the request's type and id, its pixel buffers
 * transferred. Requests that need the backend wait for it and may be aborted by id. */
import type { MessageType, ReplyBody, Request, WorkerRequest } from '../shared/protocol';
import { deviceLostError, handlers, lostDevice, type Handler } from './handlers';
import { RequestGate } from './request-gate';

declare const self: DedicatedWorkerGlobalScope;

const gate = new RequestGate();
/** Requests wait for the backend: a run must never start on tfjs's default backend. */
let backendReady: Promise<unknown> = Promise.resolve();
const NEVER_ABORTED = new AbortController().signal;

function answer<K extends MessageType>(req: Request<K>): Promise<ReplyBody<K>> {
  const handler = handlers[req.type] as Handler<K>;
  if (handler.needs === 'starts-backend') {
    const started = Promise.resolve().then(() => handler.run(req, NEVER_ABORTED));
    backendReady = started;
    return started;
  }
  if (handler.needs === 'none')
    return Promise.resolve().then(() => handler.run(req, NEVER_ABORTED));
  if (lostDevice()) return Promise.reject(deviceLostError());
  return gate.run(req.id, backendReady, async (signal) => handler.run(req, signal));
}

/** The reply's typed arrays are new buffers made for it: moved, not copied. */
function transferables(body: object): Transferable[] {
  return Object.values(body)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'abort') return gate.abort(req.target);
  answer(req).then(
    (body) => self.postMessage({ ...body, id: req.id, type: req.type }, transferables(body)),
    (e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      const lost = lostDevice() ? deviceLostError() : null;
      self.postMessage({
        id: req.id,
        type: 'error',
        message: (lost ?? error).message,
        name: (lost ?? error).name,
      });
    },
  );
};
