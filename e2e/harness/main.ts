/** Test-only page: runs the engine's golden parity check in the browser on a chosen backend. */
import * as tf from '@tensorflow/tfjs';
import {
  benchImage,
  measureRestorers,
  measureTileChoice,
  type Measurement,
  type TileRow,
} from '../../src/engine/measure';
import { TASKS } from '../../src/engine/constants';
import { fetchSource, loadModel } from '../../src/engine/model';
import { loadPeer } from '../../src/engine/peer';
import { createRestorer, type TileNetwork } from '../../src/engine/restorer';
import type { BackendName } from '../../src/shared/backend';
import { InferencePool } from '../../src/ui/pool';
import { createWorkerClient } from '../../src/ui/worker-client';
import { activateBackend } from '../../src/worker/activate';
import { fusedRuns } from '../../src/engine/wasm-fused';
import { ourSlices } from '../../src/engine/wasm-slice';

interface GoldenMeta {
  input: { shape: number[] };
  tensors: { name: string; shape: number[]; offset: number }[];
}

async function runParity(backend: BackendName, dir: string) {
  await activateBackend(backend);
  const before = tf.memory().numTensors;
  const ours = { ...fusedRuns, slices: ourSlices.count };
  const { network } = await loadModel(fetchSource(), `${dir}/model.json`);
  const meta = (await (await fetch(`${dir}/golden.json`)).json()) as GoldenMeta;
  const floats = new Float32Array(await (await fetch(`${dir}/golden.bin`)).arrayBuffer());
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const input = tf.tensor4d(
    floats.slice(0, size(meta.input.shape)),
    meta.input.shape as [number, number, number, number],
  );
  const got = new Map<string, tf.Tensor>();
  const out = network.forward(input, (name, t) => got.set(name, tf.keep(t.clone())));
  const diffs: Record<string, number> = {};
  for (const t of meta.tensors) {
    const mine = t.name === 'output_float32_weights' ? out : got.get(t.name);
    if (!mine) continue;
    const values = await mine.data();
    const want = floats.subarray(t.offset / 4, t.offset / 4 + size(t.shape));
    let m = 0;
    for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(values[i]! - want[i]!));
    diffs[t.name] = values.length === want.length ? m : Infinity;
  }
  tf.dispose([out, input, ...got.values()]);
  network.dispose(); // weights, attention biases and cached shift masks
  // how many of this pass's attention cores, linear layers and slices ran in our wasm kernels
  // (src/engine/wasm-*.ts)
  const ourKernels = {
    attention: fusedRuns.attention - ours.attention,
    dense: fusedRuns.dense - ours.dense,
    slices: ourSlices.count - ours.slices,
  };
  return { backend: tf.getBackend(), diffs, leaked: tf.memory().numTensors - before, ourKernels };
}

export interface BenchTarget {
  name: string;
  kind: 'ours' | 'peer';
  url: string;
  scale: number;
}

async function openTarget(t: BenchTarget): Promise<TileNetwork> {
  if (t.kind === 'peer') return loadPeer(fetchSource(), t.url, t.name, t.scale);
  return (await loadModel(fetchSource(), t.url)).network;
}

/** Times the targets on the same image and tile size, interleaved (measureRestorers), on one
 * backend; with `tileRounds`, each of our models on every candidate tile size too. */
async function runBench(
  backend: BackendName,
  targets: BenchTarget[],
  size: number,
  tile: number,
  runs: number,
  tileRounds = 0,
) {
  await activateBackend(backend);
  const adapter = await describeAdapter(backend);
  const restorers = [];
  for (const t of targets) restorers.push(createRestorer(await openTarget(t)));
  const measured = await measureRestorers(restorers, benchImage(size), tile, runs);
  restorers.forEach((r) => r.dispose());
  const results: (Measurement & { name: string })[] = targets.map((t, i) => ({
    name: t.name,
    ...measured[i]!,
  }));
  const tiles: TileRow[] = [];
  for (const t of tileRounds ? targets.filter((x) => x.kind === 'ours') : []) {
    const net = await openTarget(t);
    tiles.push(await measureTileChoice(t.name, net, tileRounds));
    net.dispose();
  }
  return { backend: tf.getBackend(), adapter, userAgent: navigator.userAgent, results, tiles };
}

async function describeAdapter(backend: BackendName): Promise<string> {
  if (backend !== 'webgpu') return 'CPU (WebAssembly)';
  const adapter = await navigator.gpu?.requestAdapter();
  const info = adapter?.info;
  return info
    ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' ')
    : 'unknown';
}

/** The app's own path on WASM: a pool of `workers` inference workers with `threads` WASM
 * threads each restores a size×size image; seconds per run after a warm-up. */
async function runPoolBench(
  modelUrl: string,
  scale: number,
  size: number,
  tile: number,
  runs: number,
  workers: number,
  threads: number,
) {
  const pool = new InferencePool(createWorkerClient, workers);
  try {
    await pool.init('wasm', { wasmThreads: threads });
    const task = TASKS.find((t) => modelUrl.includes(`/${t}-`));
    if (!task) throw new Error(`${modelUrl}: not a model of a known task`);
    const model = {
      task,
      norm: 'iln' as const,
      url: new URL(modelUrl, location.href).href,
    };
    await pool.load(model);
    const { data } = benchImage(size);
    const rgba = new Uint8ClampedArray(size * size * 4).map((_, i) =>
      i % 4 === 3 ? 255 : data[(i >> 2) * 3 + (i % 4)]! * 255,
    );
    const source = { width: size, height: size, rgba };
    const options = { tile, overlap: Math.min(16, Math.floor((tile - 1) / 2)) };
    await pool.restore(model, source, scale, options); // warm-up
    const seconds: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      await pool.restore(model, source, scale, options);
      seconds.push((performance.now() - t0) / 1000);
    }
    return { workers: pool.size, threads, isolated: crossOriginIsolated, seconds };
  } finally {
    pool.terminate();
  }
}

Object.assign(window, { runParity, runBench, runPoolBench });
document.getElementById('status')!.textContent = 'ready';
