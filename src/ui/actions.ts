/** Plain module-level actions: the only code that talks to the worker client. Components call
 * these and select single fields of the store. */
import { defaultModelUrl, type NormName } from '../engine/constants';
import { TASK_INFO } from '../engine/tasks';
import { forcedBackendFrom } from '../shared/backend';
import type { ModelRef } from '../shared/protocol';
import { rgbaToRgb8, rgbaToRgbFloat, toRgba } from './image/convert';
import { decodeFile, type DecodedImage } from './image/decode';
import { degradeForTask } from './image/degrade';
import { sizeProblem } from './image/limits';
import { useAppStore } from './store';
import type { RunResult } from './store/job-slice';
import { createWorkerClient, type WorkerClient } from './worker-client';

let client: WorkerClient | null = null;
/** Content hash per shipped model: part of its URL, so an updated model is a new cache entry. */
const modelHashes = new Map<string, string>();
let running: AbortController | null = null;
const store = useAppStore.getState;

export function workerClient(): WorkerClient {
  client ??= createWorkerClient();
  return client;
}

export async function startBackend(search = globalThis.location?.search ?? ''): Promise<void> {
  const { setBackendStarting, setBackendReady, setBackendFailed } = store();
  setBackendStarting();
  try {
    const loseGpu = Number(new URLSearchParams(search).get('loseGpuAfter')) || undefined;
    setBackendReady(await workerClient().init(forcedBackendFrom(search), undefined, loseGpu));
  } catch (e) {
    setBackendFailed(e instanceof Error ? e.message : String(e));
  }
}

const INDEX_KEY = 'iln-restore:models-index';

/** Which models this build ships (models/index.json, written by the build). The last index
 * seen is kept, so that offline the app still knows which models its cache holds. */
export async function loadModelIndex(): Promise<void> {
  type Index = { models: { name: string; hash: string }[] };
  let index: Index;
  try {
    const res = await fetch('./models/index.json');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    index = (await res.json()) as Index;
    localStorage.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    index = JSON.parse(localStorage.getItem(INDEX_KEY) ?? '{"models": []}') as Index;
  }
  for (const m of index.models) modelHashes.set(m.name, m.hash);
  store().setAvailableModels(index.models.map((m) => m.name));
}

export function modelRef(task: string, norm: NormName): ModelRef {
  const url = new URL(defaultModelUrl(task as never, norm), document.baseURI);
  const hash = modelHashes.get(`${task}-${norm}`);
  if (hash) url.searchParams.set('v', hash);
  return { task, norm, url: url.href };
}

async function prepareSource(): Promise<void> {
  const { original, task, degradeFirst, degrade, setSource, clearResults, setInputError } = store();
  clearResults();
  if (!original) return;
  setInputError(null);
  if (!degradeFirst) return setSource(original, null);
  const { degraded, reference } = await degradeForTask(task, original, degrade);
  setSource(degraded, reference);
}

export async function openFile(file: Blob, name: string): Promise<void> {
  const { setOriginal, setInputError } = store();
  try {
    setOriginal(await decodeFile(file, name));
    store().resetView();
    await prepareSource();
  } catch (e) {
    setInputError(e instanceof Error ? e.message : String(e));
  }
}

export async function chooseTask(
  task: Parameters<ReturnType<typeof store>['setTask']>[0],
): Promise<void> {
  store().setTask(task);
  await prepareSource();
}

export async function setDegradeFirst(on: boolean): Promise<void> {
  store().setDegradeFirst(on);
  await prepareSource();
}

export async function updateDegrade(
  patch: Partial<ReturnType<typeof store>['degrade']>,
): Promise<void> {
  store().setDegrade(patch);
  if (store().degradeFirst) await prepareSource();
}

/** PSNR/SSIM of `pixels` (bicubic-upscaled first by `upscale`) against the reference, in the
 * worker; null when there is no reference of that size. */
async function score(
  pixels: { rgba: Uint8ClampedArray; width: number; height: number },
  reference: DecodedImage | null,
  task: string,
  upscale = 1,
): Promise<{ psnr: number | null; ssim: number | null }> {
  const none = { psnr: null, ssim: null };
  if (!reference) return none;
  if (reference.width !== pixels.width * upscale || reference.height !== pixels.height * upscale)
    return none;
  const info = TASK_INFO[task as keyof typeof TASK_INFO];
  const { psnr, ssim } = await workerClient().score({
    a: rgbaToRgb8(pixels.rgba),
    aWidth: pixels.width,
    aHeight: pixels.height,
    b: rgbaToRgb8(reference.rgba),
    upscale,
    border: info.scale > 1 ? info.scale : 0,
    space: info.space,
  });
  return { psnr, ssim };
}

/** The score of doing nothing clever: bicubic upscaling for SR, the degraded input otherwise. */
async function scoreBaseline(source: DecodedImage, reference: DecodedImage | null, task: string) {
  const s = TASK_INFO[task as keyof typeof TASK_INFO].scale;
  const { psnr: p, ssim: q } = await score(source, reference, task, s);
  return p === null || q === null
    ? null
    : { label: s > 1 ? 'Bicubic' : 'Degraded input', psnr: p, ssim: q };
}

async function runOne(
  norm: NormName,
  source: DecodedImage,
  signal: AbortSignal,
): Promise<RunResult> {
  const { task, tile, overlap, setJobPhase, setDownload, setTiles } = store();
  const ref = modelRef(task, norm);
  setJobPhase('loading', norm);
  await workerClient().load(ref, {
    signal,
    onProgress: (p) => p.kind === 'download' && setDownload({ loaded: p.loaded, total: p.total }),
  });
  setDownload(null);
  setJobPhase('running', norm);
  const image = rgbaToRgbFloat(source.rgba, source.width, source.height);
  const out = await workerClient().restore(ref, image, tile, overlap, {
    signal,
    onProgress: (p) => p.kind === 'tiles' && setTiles(p),
  });
  const rgba = toRgba(out.image, source);
  const metrics = await score(
    { rgba, width: out.image.width, height: out.image.height },
    store().reference,
    task,
  );
  return {
    norm,
    width: out.image.width,
    height: out.image.height,
    rgba,
    ms: out.ms,
    backend: out.backend,
    ...metrics,
  };
}

export function normsFor(mode: 'iln' | 'ln' | 'both'): NormName[] {
  return mode === 'both' ? ['iln', 'ln'] : [mode];
}

export async function runRestore(): Promise<void> {
  const { source, task, normMode, startJob, addResult, finishJob } = store();
  if (!source || running) return;
  const tooBig = sizeProblem(task, source.width, source.height);
  if (tooBig) return finishJob('failed', tooBig);
  running = new AbortController();
  startJob();
  try {
    store().setBaseline(await scoreBaseline(source, store().reference, task));
    for (const norm of normsFor(normMode)) addResult(await runOne(norm, source, running.signal));
    finishJob('done');
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') finishJob('cancelled');
    else finishJob('failed', await explainFailure(e));
  } finally {
    running = null;
  }
}

/** A lost GPU device kills the worker's backend: start a fresh worker for the next run. */
async function explainFailure(e: unknown): Promise<string> {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof Error && e.name === 'GPUDeviceLost') {
    client?.terminate();
    client = null;
    const search = new URLSearchParams(globalThis.location?.search ?? '');
    search.delete('loseGpuAfter'); // the test hook fires once
    void startBackend(`?${search}`);
  }
  return message;
}

export function cancelRestore(): void {
  running?.abort();
}

export function downloadName(sourceName: string, task: string, norm: NormName): string {
  const base = sourceName.replace(/ \(.*\)$/, '').replace(/\.[^.]+$/, '') || 'image';
  return `${base}.${task}.${norm}.png`;
}

export async function downloadResult(norm: NormName): Promise<void> {
  const { results, source, task } = store();
  const r = results[norm];
  if (!r || !source) return;
  const canvas = new OffscreenCanvas(r.width, r.height);
  canvas
    .getContext('2d')!
    .putImageData(new ImageData(new Uint8ClampedArray(r.rgba), r.width, r.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = downloadName(source.name, task, norm);
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
