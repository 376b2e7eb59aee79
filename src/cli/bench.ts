/** npm run bench -- [--runs 5] [--size 256] [--tile 128] [--browser webgpu,wasm]
 *   [--browser-size 64] [--browser-runs 3] [--only sr-x2]
 * Time per output megapixel (median and spread over runs) and peak tensor memory for every
 * shipped model and the UpscalerJS peers, on the same image at the same tile size: in Node
 * (tfjs wasm) and in Chromium (webgpu), with the ratio ours/peer. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { flopsPerOutputPixel } from '../engine/cost';
import { benchImage, measureRestorer } from '../engine/measure';
import { loadModel } from '../engine/model';
import { nodeFileSource } from '../engine/node-source';
import { createRestorer, type TileNetwork } from '../engine/restorer';
import { printRatios, printTimings, type Candidate, type Row } from './bench-report';
import { initNodeBackend, runMain } from './common';
import { openPeer, peerSpecs } from './peers';

function candidates(modelsDir: string, only: string): Candidate[] {
  const ours: Candidate[] = readdirSync(modelsDir)
    .filter((d) => existsSync(join(modelsDir, d, 'model.json')))
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
  const rows: Row[] = [];
  for (const c of list) {
    const { net, gflopsPerMp, params } = await openCandidate(c);
    c.gflopsPerMp = gflopsPerMp;
    c.params = params;
    const restorer = createRestorer(net);
    rows.push({ candidate: c, ...(await measureRestorer(restorer, benchImage(size), tile, runs)) });
    restorer.dispose();
  }
  return rows;
}

interface BrowserRun {
  backend: string;
  adapter: string;
  userAgent: string;
  results: (Omit<Row, 'candidate'> & { name: string })[];
}

function benchBrowser(
  list: Candidate[],
  backends: string[],
  size: number,
  tile: number,
  runs: number,
) {
  const targets = list.map(({ name, kind, url, scale }) => ({ name, kind, url, scale }));
  const child = spawnSync(
    process.execPath,
    ['e2e/bench-browser.mjs', JSON.stringify({ backends, targets, size, tile, runs })],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`the browser benchmark failed (exit ${child.status})`);
  const { runs: out } = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    runs: BrowserRun[];
  };
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      size: { type: 'string', default: '256' },
      tile: { type: 'string', default: '128' },
      models: { type: 'string', default: 'models' },
      only: { type: 'string', default: '' },
      browser: { type: 'string', default: 'webgpu' },
      'browser-size': { type: 'string', default: '64' },
      'browser-runs': { type: 'string', default: '3' },
    },
  });
  const [size, tile, runs] = [Number(values.size), Number(values.tile), Number(values.runs)];
  const list = candidates(values.models!, values.only!);
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
  const backends = values.browser ? values.browser.split(',') : [];
  if (!backends.length) return;
  const bSize = Number(values['browser-size']);
  const bRuns = Number(values['browser-runs']);
  for (const run of benchBrowser(list, backends, bSize, bSize, bRuns)) {
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
  }
}

runMain(main);
