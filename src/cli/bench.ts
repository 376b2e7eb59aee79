/** npm run bench -- [--runs 5] [--size 256] [--tile 128] [--browser webgpu,wasm]
 *   [--browser-size 64] [--browser-runs 3] [--only sr-x2] [--variant photo|benchmark]
 *   [--smooth 3000x2000 | --smooth ""]
 *   [--pool sr-x2-iln] [--pool-size 256] [--tiles ROUNDS] [--photo 3264x2448 [--task denoise]]
 * Time per output megapixel (median and spread over runs, the models timed interleaved) and peak
 * tensor memory for every shipped model and the UpscalerJS peers, on the same image at the same
 * tile size: in Node
 * (tfjs wasm) and in Chromium (webgpu), with the ratio ours/peer; then the app's own WASM path in
 * Chromium with 1 worker, one worker per core, and 1 worker of that many threads; last, the
 * page's long tasks (main thread) during a whole run of a --smooth sized image in the app; with
 * --tiles N, each model's time per candidate tile size (best of N rounds) and the size the app
 * would choose, in Node and on each --browser backend; with --photo WxH, a whole run of a photo
 * of that size through --task's photo model, both norms, in a fresh profile of the app (its tile
 * size measured there): the seconds, the tile size chosen and the estimate shown before. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { flopsPerOutputPixel } from '../engine/cost';
import * as tf from '@tensorflow/tfjs';
import { RgbaImageSink } from '../engine/bands';
import {
  benchImage,
  measureRestorers,
  measureTileChoice,
  peakArrayBuffers,
  type TileRow,
} from '../engine/measure';
import { loadModel } from '../engine/model';
import { taskInfo } from '../engine/tasks';
import { nodeFileSource } from '../engine/node-source';
import { createRestorer, forwardTile, type TileNetwork } from '../engine/restorer';
import { runTiles } from '../engine/schedule';
import type { Tile } from '../engine/tiling';
import {
  printBackendRatios,
  printPool,
  printRatios,
  printTimings,
  type Candidate,
  type PoolRun,
  type Row,
} from './bench-report';
import {
  photoConfig,
  printPhoto,
  printSmooth,
  smoothConfig,
  type SmoothConfig,
  type SmoothRun,
} from './bench-smooth';
import { printTileChoice } from './bench-tiles';
import { initNodeBackend } from '../engine/node-backend';
import { runMain } from './common';
import { openPeer, peerSpecs } from './peers';

/** Our models (of one kind with --variant: photo models are named <task>-photo-<norm>) and the
 * peers, whose names contain `only`. */
function candidates(modelsDir: string, only: string, variant?: string): Candidate[] {
  if (variant !== undefined && variant !== 'photo' && variant !== 'benchmark')
    throw new Error(`--variant must be photo or benchmark, got "${variant}"`);
  const ours: Candidate[] = readdirSync(modelsDir)
    .filter((d) => existsSync(join(modelsDir, d, 'model.json')))
    .filter((d) => !variant || d.includes('-photo-') === (variant === 'photo'))
    .sort()
    .map((name) => {
      const modelPath = join(modelsDir, name, 'model.json');
      const { arch } = JSON.parse(readFileSync(modelPath, 'utf8')) as { arch: { scale: number } };
      return { name, kind: 'ours', modelPath, scale: arch.scale, url: `models/${name}/model.json` };
    });
  const peers: Candidate[] = peerSpecs([2, 4]).map((s) => ({
    name: s.label,
    kind: 'peer',
    modelPath: s.modelPath,
    scale: s.scale,
    peer: s,
    url: `peers/${s.pkg.split('/')[1]}/x${s.scale}/model.json`,
  }));
  return [...ours, ...peers].filter((c) => !only || c.name.includes(only));
}

async function openCandidate(
  c: Candidate,
): Promise<{ net: TileNetwork; gflopsPerMp: number; params: number }> {
  if (c.peer) {
    const peer = await openPeer(c.peer);
    return {
      net: peer,
      gflopsPerMp: peer.flopsPerOutputPixel() / 1e3,
      params: peer.parameterCount(),
    };
  }
  const { manifest, network } = await loadModel(nodeFileSource, c.modelPath);
  return {
    net: network,
    gflopsPerMp: flopsPerOutputPixel(manifest.arch) / 1e3,
    params: network.parameterCount(),
  };
}

async function benchNode(
  list: Candidate[],
  size: number,
  tile: number,
  runs: number,
): Promise<Row[]> {
  const restorers = [];
  for (const c of list) {
    const { net, gflopsPerMp, params } = await openCandidate(c);
    c.gflopsPerMp = gflopsPerMp;
    c.params = params;
    restorers.push(createRestorer(net));
  }
  const measured = await measureRestorers(restorers, benchImage(size), tile, runs);
  restorers.forEach((r) => r.dispose());
  return list.map((candidate, i) => ({ candidate, ...measured[i]! }));
}

interface BrowserRun {
  backend: string;
  adapter: string;
  userAgent: string;
  results: (Omit<Row, 'candidate'> & { name: string })[];
  /** with --tiles: each of our models' candidate tile times on this backend */
  tiles?: TileRow[];
}

interface PoolConfig {
  url: string;
  scale: number;
  size: number;
  tile: number;
  runs: number;
  layouts: [number, number][];
}

function benchBrowser(
  list: Candidate[],
  backends: string[],
  size: number,
  tile: number,
  runs: number,
  pool: PoolConfig | null,
  smooth: SmoothConfig | null,
  tiles: number,
  photo: SmoothConfig | null,
) {
  const targets = list.map(({ name, kind, url, scale }) => ({ name, kind, url, scale }));
  const config = { backends, targets, size, tile, runs, pool, smooth, tiles, photo };
  const child = spawnSync(process.execPath, ['e2e/bench-browser.mjs', JSON.stringify(config)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`the browser benchmark failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    runs: BrowserRun[];
    pool: PoolRun[];
    smooth: SmoothRun | null;
    photo: SmoothRun | null;
  };
}

/** 1 worker, one per core, and one of that many threads, on the --pool model. */
function poolConfig(
  modelsDir: string,
  name: string,
  size: number,
  runs: number,
): PoolConfig | null {
  if (!name) return null;
  const path = join(modelsDir, name, 'model.json');
  if (!existsSync(path)) throw new Error(`--pool: ${path} does not exist`);
  const { arch } = JSON.parse(readFileSync(path, 'utf8')) as { arch: { scale: number } };
  const n = cpus().length;
  const layouts: [number, number][] = [
    [1, 1],
    [n, 1],
    [1, n],
  ];
  return { url: `models/${name}/model.json`, scale: arch.scale, size, tile: 128, runs, layouts };
}

/** The memory of assembling a 24 MP result the app's way (RGBA input and output, tiles blended
 * in row bands), with a stand-in ×2 network (nearest neighbour) so the tiler, not the model, is
 * what is measured: the model's own tensors per tile are the "peak tensor MB" column. */
async function benchAssemblyMemory(): Promise<void> {
  const [w, h] = [3464, 1732]; // ×2 -> 6928×3464 = 24.0 MP
  const nearest2: TileNetwork = {
    scale: 2,
    forward: (x) => tf.image.resizeNearestNeighbor(x, [x.shape[1] * 2, x.shape[2] * 2]),
    dispose: () => {},
  };
  const source = new Uint8ClampedArray(w * h * 4).fill(200);
  const input = { width: w, height: h, data: source, channels: 4 as const };
  let result = 0;
  const { peakBytes, baselineBytes } = await peakArrayBuffers(async (sample) => {
    const sink = new RgbaImageSink(w * 2, h * 2);
    const compute = (crop: Float32Array, t: Tile) => forwardTile(nearest2, crop, t);
    await runTiles(input, compute, sink, { tile: 128, overlap: 16, scale: 2, onProgress: sample });
    result = sink.data.byteLength;
  });
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  console.log(
    `\n## Assembling a 24 MP result (×2 of ${w}×${h}, tile 128): peak ${mb(peakBytes - baselineBytes)} MB of buffers above the ${mb(baselineBytes)} MB before it (the RGBA result itself is ${mb(result)} MB; a float32 whole-image blend would have held ${mb(w * h * 4 * 7 * 4)} MB more)`,
  );
}

/** --tiles N: every candidate tile per model (ours only), and the size the app would choose. */
async function benchTiles(list: Candidate[], backend: string, rounds: number): Promise<void> {
  const rows: TileRow[] = [];
  for (const c of list.filter((x) => x.kind === 'ours')) {
    const { net } = await openCandidate(c);
    rows.push(await measureTileChoice(c.name, net, rounds));
    net.dispose();
  }
  printTileChoice(rows, backend);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      size: { type: 'string', default: '256' },
      tile: { type: 'string', default: '128' },
      models: { type: 'string', default: 'models' },
      only: { type: 'string', default: '' },
      variant: { type: 'string' },
      browser: { type: 'string', default: 'webgpu' },
      'browser-size': { type: 'string', default: '64' },
      'browser-runs': { type: 'string', default: '3' },
      pool: { type: 'string', default: 'sr-x2-iln' },
      'pool-size': { type: 'string', default: '256' },
      smooth: { type: 'string', default: '3000x2000' },
      tiles: { type: 'string', default: '' },
      photo: { type: 'string', default: '' },
      task: { type: 'string', default: 'denoise' },
    },
  });
  const [size, tile, runs] = [Number(values.size), Number(values.tile), Number(values.runs)];
  const list = candidates(values.models!, values.only!, values.variant);
  const backend = await initNodeBackend();
  console.log(
    `## Node ${process.version}, tfjs ${backend}, ${cpus().length}× ${cpus()[0]?.model ?? 'CPU'}`,
  );
  console.log(
    `${size}×${size} input, tile ${tile}, overlap 16, ${runs} timed runs after a warm-up\n`,
  );
  const rows = await benchNode(list, size, tile, runs);
  printTimings(rows, true);
  printRatios(rows);
  await benchAssemblyMemory();
  const tileRounds = Number(values.tiles || 0);
  if (tileRounds) await benchTiles(list, backend, tileRounds);
  const backends = values.browser ? values.browser.split(',') : [];
  const bSize = Number(values['browser-size']);
  const bRuns = Number(values['browser-runs']);
  const pool = poolConfig(values.models!, values.pool!, Number(values['pool-size']), bRuns);
  const smooth = smoothConfig(values.smooth!);
  const photo = photoConfig(values.photo!, taskInfo(values.task!).label);
  if (!backends.length && !pool && !smooth && !photo) return;
  const browser = benchBrowser(
    list,
    backends,
    bSize,
    bSize,
    bRuns,
    pool,
    smooth,
    tileRounds,
    photo,
  );
  const perBackend: { backend: string; rows: Row[] }[] = [];
  for (const run of browser.runs) {
    console.log(
      `\n## Chromium (${/Chrome\/[\d.]+/.exec(run.userAgent)?.[0] ?? run.userAgent}), tfjs ${run.backend} on ${run.adapter}`,
    );
    console.log(
      `${bSize}×${bSize} input, one ${bSize}-px tile, ${bRuns} timed runs after a warm-up\n`,
    );
    const browserRows = run.results.map((r) => ({
      ...r,
      candidate: list.find((c) => c.name === r.name)!,
    }));
    printTimings(browserRows, false);
    printRatios(browserRows);
    if (run.tiles?.length) printTileChoice(run.tiles, `${run.backend} in Chromium`);
    perBackend.push({ backend: run.backend, rows: browserRows });
  }
  printBackendRatios(perBackend);
  if (pool) {
    console.log(
      `\n## The app's WASM path in Chromium: ${pool.url.split('/')[1]}, ${pool.size}×${pool.size} input, tile ${pool.tile}, ${pool.runs} timed runs\n`,
    );
    printPool(browser.pool, pool.size * pool.size * pool.scale ** 2);
  }
  if (smooth && browser.smooth) printSmooth(smooth, browser.smooth);
  if (photo && browser.photo) printPhoto(photo, browser.photo, cpus().length);
}

runMain(main);
