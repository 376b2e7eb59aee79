/// <reference lib="webworker" />
/** The inference worker: owns tfjs, the backend and the loaded models; the UI thread never
 * blocks on them. Each request may be aborted by id; a lost GPU device is reported by name so
 * the UI can start a fresh worker for the next run. */
import * as tf from '@tensorflow/tfjs';
import { imresizeBicubic } from '../engine/bicubic';
import { layerFeatureStats } from '../engine/features';
import { psnr, ssim } from '../engine/metrics';
import { loadModel } from '../engine/model';
import { memorySource } from '../engine/model-files';
import type { RestorationNetwork } from '../engine/network';
import { forwardTile } from '../engine/restorer';
import { chooseBackend } from '../shared/backend';
import { differenceMap } from '../shared/difference';
import { rgbaToRgb8 } from '../shared/pixels';
import { probeAll } from '../shared/probe';
import type { ModelRef, RequestOf, WorkerRequest, WorkerResponse } from '../shared/protocol';
import { activateBackend, selfCheck } from './activate';
import { RequestGate } from './request-gate';

declare const self: DedicatedWorkerGlobalScope;

const models = new Map<string, Promise<RestorationNetwork>>();
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

/** The network of a model loaded before (by `load`, whose files the page read once). */
function getModel(ref: ModelRef): Promise<RestorationNetwork> {
  const entry = models.get(ref.url);
  if (!entry) throw new Error(`${ref.url}: the model was not loaded in this worker`);
  return entry;
}

async function load(req: RequestOf<'load'>): Promise<void> {
  let entry = models.get(req.model.url);
  if (!entry) {
    entry = loadModel(memorySource(req.files), req.model.url).then((m) => m.network);
    entry.catch(() => models.delete(req.model.url)); // a failed load is retried next time
    models.set(req.model.url, entry);
  }
  const network = await entry;
  reply({ id: req.id, type: 'loaded', params: network.parameterCount() });
}

/** One tile through the network. A pool of these workers shares an image's tiles; the UI
 * thread plans, blends and shows them (src/ui/pool.ts). */
async function tile(req: RequestOf<'tile'>, signal: AbortSignal): Promise<void> {
  const network = await getModel(req.model);
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
  let a = { data: rgbaToRgb8(req.a), width: req.aWidth, height: req.aHeight };
  if (req.upscale > 1) a = imresizeBicubic(a.data, a.width, a.height, 3, req.upscale);
  if (a.data.length * 4 !== req.b.length * 3) {
    reply({ id: req.id, type: 'scored', psnr: null, ssim: null });
    return;
  }
  const args = {
    a: a.data,
    b: rgbaToRgb8(req.b),
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

/** Needs no backend either: the difference map of two RGBA images (the page shows it). */
function difference(req: RequestOf<'difference'>): void {
  const { width, height } = req;
  const { rgba, psnr } = differenceMap(
    { width, height, rgba: req.a },
    { width, height, rgba: req.b },
    req.gain,
  );
  reply({ id: req.id, type: 'differed', rgba, psnr }, [rgba.buffer]);
}

async function diagnose(req: RequestOf<'diagnose'>): Promise<void> {
  const network = await getModel(req.model);
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
  req: Exclude<WorkerRequest, { type: 'abort' | 'init' | 'score' | 'upscale' | 'difference' }>,
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
  if (req.type === 'difference') return difference(req);
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
