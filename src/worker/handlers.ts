/** What the inference worker does for each message of the protocol (shared/protocol.ts): one
 * handler per message type, checked by the compiler (a missing one is a type error) and by a
 * test at run time. The worker owns tfjs, the backend and the loaded models; a lost GPU device
 * is reported by name so the page can start a fresh worker for the next run. */
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
import type { MessageType, ModelRef, ReplyBody, Request } from '../shared/protocol';
import { activateBackend, selfCheck } from './activate';

export interface Handler<K extends MessageType> {
  /** 'starts-backend': the backend the others wait for; 'backend': waits for it, may be
   * aborted, refused after a lost GPU; 'none': answered at once, even while a restore runs or
   * after a lost GPU. */
  needs: 'starts-backend' | 'backend' | 'none';
  run: (req: Request<K>, signal: AbortSignal) => ReplyBody<K> | Promise<ReplyBody<K>>;
}

const models = new Map<string, Promise<RestorationNetwork>>();
let deviceLost: string | null = null;
/** Test hook (?loseGpuAfter=N): destroy the GPU device after N tiles, as a driver reset would. */
let loseGpuAfterTiles = 0;
let tilesDone = 0;

export function lostDevice(): string | null {
  return deviceLost;
}

export function deviceLostError(): Error {
  const e = new Error(`The GPU device was lost (${deviceLost}). The next run starts a fresh one.`);
  e.name = 'GPUDeviceLost';
  return e;
}

function watchDevice(): void {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  device?.lost.then((info) => {
    deviceLost = info.message || info.reason || 'unknown reason';
  });
}

async function init(req: Request<'init'>): Promise<ReplyBody<'init'>> {
  const choice = chooseBackend(await probeAll(), req.forced);
  const active = await activateBackend(choice.backend, req.wasmThreads);
  if (active === 'webgpu') watchDevice();
  loseGpuAfterTiles = req.loseGpuAfterTiles ?? 0;
  return { report: { choice, active, selfCheck: await selfCheck() } };
}

/** The network of a model loaded before (by `load`, whose files the page read once). */
function getModel(ref: ModelRef): Promise<RestorationNetwork> {
  const entry = models.get(ref.url);
  if (!entry) throw new Error(`${ref.url}: the model was not loaded in this worker`);
  return entry;
}

async function load(req: Request<'load'>): Promise<ReplyBody<'load'>> {
  let entry = models.get(req.model.url);
  if (!entry) {
    entry = loadModel(memorySource(req.files), req.model.url).then((m) => m.network);
    entry.catch(() => models.delete(req.model.url)); // a failed load is retried next time
    models.set(req.model.url, entry);
  }
  return { params: (await entry).parameterCount() };
}

/** One tile through the network. A pool of these workers shares an image's tiles; the UI
 * thread plans, blends and shows them (src/ui/pool.ts). */
async function tile(req: Request<'tile'>, signal: AbortSignal): Promise<ReplyBody<'tile'>> {
  const network = await getModel(req.model);
  signal.throwIfAborted(); // cancelled while the model was loading or the tile was queued
  const { h, w, data: input } = req.tile;
  const data = await forwardTile(network, input, { y: 0, x: 0, h, w });
  if (deviceLost) throw deviceLostError();
  if (++tilesDone === loseGpuAfterTiles)
    (tf.backend() as unknown as { device?: GPUDevice }).device?.destroy();
  return { data };
}

async function diagnose(req: Request<'diagnose'>): Promise<ReplyBody<'diagnose'>> {
  const network = await getModel(req.model);
  return { stats: await layerFeatureStats(network, req.image) };
}

function score(req: Request<'score'>): ReplyBody<'score'> {
  let a = { data: rgbaToRgb8(req.a), width: req.aWidth, height: req.aHeight };
  if (req.upscale > 1) a = imresizeBicubic(a.data, a.width, a.height, 3, req.upscale);
  if (a.data.length * 4 !== req.b.length * 3) return { psnr: null, ssim: null };
  const args = {
    a: a.data,
    b: rgbaToRgb8(req.b),
    width: a.width,
    height: a.height,
    border: req.border,
    space: req.space,
  };
  return { psnr: psnr(args), ssim: ssim(args) };
}

/** The bicubic upscale a user would otherwise get (SR's "before"), RGBA in and out, here so a
 * big image never stalls the page. */
function upscale(req: Request<'upscale'>): ReplyBody<'upscale'> {
  const up = imresizeBicubic(req.rgba, req.width, req.height, 4, req.scale);
  const rgba = new Uint8ClampedArray(up.data.buffer, up.data.byteOffset, up.data.length);
  return { rgba, width: up.width, height: up.height };
}

/** The difference map of two RGBA images (the page shows it). */
function difference(req: Request<'difference'>): ReplyBody<'difference'> {
  const { width, height } = req;
  return differenceMap({ width, height, rgba: req.a }, { width, height, rgba: req.b }, req.gain);
}

export const handlers: { [K in MessageType]: Handler<K> } = {
  init: { needs: 'starts-backend', run: init },
  load: { needs: 'backend', run: load },
  tile: { needs: 'backend', run: tile },
  diagnose: { needs: 'backend', run: diagnose },
  score: { needs: 'none', run: score },
  upscale: { needs: 'none', run: upscale },
  difference: { needs: 'none', run: difference },
};
