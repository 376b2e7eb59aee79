/// <reference lib="webworker" />
/** The inference worker: owns tfjs, the backend and the loaded models; the UI thread never
 * blocks on them. Each request may be aborted by id; a lost GPU device is reported by name so
 * the UI can start a fresh worker for the next run. */
import * as tf from '@tensorflow/tfjs';
import { imresizeBicubic } from '../engine/bicubic';
import { layerFeatureStats } from '../engine/features';
import { psnr, ssim } from '../engine/metrics';
import { loadModel } from '../engine/model';
import type { RestorationNetwork } from '../engine/network';
import { forwardTile } from '../engine/restorer';
import { chooseBackend } from '../shared/backend';
import { probeAll } from '../shared/probe';
import type { ModelRef, RequestOf, WorkerRequest, WorkerResponse } from '../shared/protocol';
import { activateBackend, selfCheck } from './activate';
import { cachedSource } from './model-cache';
import { RequestGate } from './request-gate';

declare const self: DedicatedWorkerGlobalScope;

interface Loaded {
  network: RestorationNetwork;
  fromCache: boolean;
  params: number;
}
const models = new Map<string, Promise<Loaded>>();
const gate = new RequestGate();
let deviceLost: string | null = null;
/** Test hook (?loseGpuAfter=N): destroy the GPU device after N tiles, as a driver reset would. */
let loseGpuAfterTiles = 0;
let tilesDone = 0;
/** Requests wait for the backend: a run must never start on tfjs's default backend. */
let backendReady: Promise<void> = Promise.resolve();

function reply(message: WorkerResponse, transfer: Transferable[] = []): void {
  self.postMessage(message, transfer);
}

function watchDevice(): void {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  device?.lost.then((info) => {
    deviceLost = info.message || info.reason || 'unknown reason';
  });
}

async function init(req: RequestOf<'init'>): Promise<void> {
  const choice = chooseBackend(await probeAll(), req.forced);
  const active = await activateBackend(choice.backend, req.wasmThreads);
  if (active === 'webgpu') watchDevice();
  loseGpuAfterTiles = req.loseGpuAfterTiles ?? 0;
  reply({ id: req.id, type: 'init', report: { choice, active, selfCheck: await selfCheck() } });
}

function getModel(id: number, ref: ModelRef) {
  let entry = models.get(ref.url);
  if (!entry) {
    const source = cachedSource((loaded, total, url) =>
      reply({ id, type: 'progress', progress: { kind: 'download', loaded, total, url } }),
    );
    entry = loadModel(source, ref.url).then(({ network }) => ({
      network,
      fromCache: source.hits > 0,
      params: network.parameterCount(),
    }));
    entry.catch(() => models.delete(ref.url)); // a failed load is retried next time
    models.set(ref.url, entry);
  }
  return entry;
}

async function load(req: RequestOf<'load'>): Promise<void> {
  const { fromCache, params } = await getModel(req.id, req.model);
  reply({ id: req.id, type: 'loaded', fromCache, params });
}

/** One tile through the network. A pool of these workers shares an image's tiles; the UI
 * thread plans, blends and shows them (src/ui/pool.ts). */
async function tile(req: RequestOf<'tile'>, signal: AbortSignal): Promise<void> {
  const { network } = await getModel(req.id, req.model);
  signal.throwIfAborted(); // cancelled while the model was loading or the tile was queued
  const { h, w, data: input } = req.tile;
  const data = await forwardTile(network, input, { y: 0, x: 0, h, w });
  if (deviceLost) throw deviceLostError();
  if (++tilesDone === loseGpuAfterTiles)
    (tf.backend() as unknown as { device?: GPUDevice }).device?.destroy();
  reply({ id: req.id, type: 'tiled', data }, [data.buffer]);
}

/** Needs no backend: answered at once, even while a restore is running or after a lost GPU. */
function score(req: RequestOf<'score'>): void {
  let a = { data: req.a, width: req.aWidth, height: req.aHeight };
  if (req.upscale > 1) a = imresizeBicubic(a.data, a.width, a.height, 3, req.upscale);
  if (a.data.length !== req.b.length) {
    reply({ id: req.id, type: 'scored', psnr: null, ssim: null });
    return;
  }
  const args = {
    a: a.data,
    b: req.b,
    width: a.width,
    height: a.height,
    border: req.border,
    space: req.space,
  };
  reply({ id: req.id, type: 'scored', psnr: psnr(args), ssim: ssim(args) });
}

/** Needs no backend either: the bicubic upscale a user would otherwise get (SR's "before"),
 * RGBA in and out, here so a big image never stalls the page. */
function upscale(req: RequestOf<'upscale'>): void {
  const up = imresizeBicubic(req.rgba, req.width, req.height, 4, req.scale);
  const rgba = new Uint8ClampedArray(up.data.buffer, up.data.byteOffset, up.data.length);
  reply({ id: req.id, type: 'upscaled', rgba, width: up.width, height: up.height }, [rgba.buffer]);
}

async function diagnose(req: RequestOf<'diagnose'>): Promise<void> {
  const { network } = await getModel(req.id, req.model);
  reply({ id: req.id, type: 'diagnosed', stats: await layerFeatureStats(network, req.image) });
}

function deviceLostError(): Error {
  const e = new Error(`The GPU device was lost (${deviceLost}). The next run starts a fresh one.`);
  e.name = 'GPUDeviceLost';
  return e;
}

type Handler = (r: WorkerRequest, signal: AbortSignal) => Promise<void>;
const handlers = { load, tile, diagnose } as Record<string, Handler>;

function start(
  req: Exclude<WorkerRequest, { type: 'abort' | 'init' | 'score' | 'upscale' }>,
): Promise<void> {
  if (deviceLost) return Promise.reject(deviceLostError());
  return gate.run(req.id, backendReady, (signal) => handlers[req.type]!(req, signal));
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const req = event.data;
  if (req.type === 'abort') {
    gate.abort(req.target);
    return;
  }
  if (req.type === 'score') return score(req);
  if (req.type === 'upscale') return upscale(req);
  const run = req.type === 'init' ? (backendReady = init(req)) : start(req);
  run.catch((e: unknown) => {
    const error = e instanceof Error ? e : new Error(String(e));
    reply({
      id: req.id,
      type: 'error',
      message: deviceLost ? deviceLostError().message : error.message,
      name: deviceLost ? 'GPUDeviceLost' : error.name,
    });
  });
};
