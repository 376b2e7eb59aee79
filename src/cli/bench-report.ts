/** The benchmark's tables: timings per model, then ours / peer ratios at the same scale. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { median, type Measurement } from '../engine/measure';
import type { PeerSpec } from './peers';

export interface Candidate {
  name: string;
  kind: 'ours' | 'peer';
  modelPath: string;
  /** the URL of model.json inside dist-harness, for the browser half */
  url: string;
  scale: number;
  /** set for a peer: where its package and model live */
  peer?: PeerSpec;
  params?: number;
  gflopsPerMp?: number;
}

export interface Row extends Measurement {
  candidate: Candidate;
}

/** model.json plus the weight files it names: what a browser downloads. */
function downloadKb(modelPath: string): number {
  const json = JSON.parse(readFileSync(modelPath, 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  const files = json.weightsManifest
    .flatMap((g) => g.paths)
    .map((p) => join(dirname(modelPath), p));
  return [modelPath, ...files].reduce((n, f) => n + statSync(f).size, 0) / 1024;
}

const secondsPerMp = (r: Row) => r.seconds.map((s) => s / (r.outputPixels / 1e6));

export function printTimings(rows: Row[], withCost: boolean): void {
  const cost = withCost ? ' params | download | GFLOPs / output MP |' : '';
  console.log(`| model |${cost} s / output MP (median) | spread (min–max) | peak tensor MB |`);
  console.log(`|---|${withCost ? '---|---|---|' : ''}---|---|---|`);
  for (const r of rows) {
    const c = r.candidate;
    const perMp = secondsPerMp(r);
    const costCells = withCost
      ? ` ${c.params!.toLocaleString('en')} | ${downloadKb(c.modelPath).toFixed(0)} kB | ${c.gflopsPerMp!.toFixed(1)} |`
      : '';
    console.log(
      `| ${c.name} |${costCells} ${median(perMp).toFixed(2)} | ${Math.min(...perMp).toFixed(2)}–${Math.max(...perMp).toFixed(2)} | ${(r.peakBytes / 2 ** 20).toFixed(1)} |`,
    );
  }
}

/** Ours / peer for every pair with the same scale: time per output MP and peak memory. */
export function printRatios(rows: Row[]): void {
  const ours = rows.filter((r) => r.candidate.kind === 'ours');
  const peers = rows.filter((r) => r.candidate.kind === 'peer');
  const pairs = ours.flatMap((o) =>
    peers.filter((p) => p.candidate.scale === o.candidate.scale).map((p) => [o, p] as const),
  );
  if (!pairs.length) return;
  console.log('\n| ours | peer | time ratio (ours / peer) | peak memory ratio |');
  console.log('|---|---|---|---|');
  for (const [o, p] of pairs) {
    const time = median(secondsPerMp(o)) / median(secondsPerMp(p));
    console.log(
      `| ${o.candidate.name} | ${p.candidate.name} | ${time.toFixed(2)}× | ${(o.peakBytes / p.peakBytes).toFixed(2)}× |`,
    );
  }
}

export interface PoolRun {
  workers: number;
  threads: number;
  /** whether the page was cross-origin isolated (threaded WASM needs it) */
  isolated: boolean;
  seconds: number[];
}

/** The app's WASM path with 1 worker, N workers and 1 worker of N threads: the speed-ups that
 * decide between a worker pool and threaded WASM. */
export function printPool(runs: PoolRun[], outputPixels: number): void {
  const base = median(runs[0]!.seconds);
  console.log('| layout | s / output MP (median) | spread (min–max) | speed-up vs 1 × 1 |');
  console.log('|---|---|---|---|');
  for (const r of runs) {
    const perMp = (s: number) => (s / outputPixels) * 1e6;
    const name = `${r.workers} worker${r.workers > 1 ? 's' : ''} × ${r.threads} WASM thread${r.threads > 1 ? 's' : ''}${r.threads > 1 ? (r.isolated ? ' (isolated)' : ' (page not isolated: 1 thread)') : ''}`;
    const lo = perMp(Math.min(...r.seconds));
    const hi = perMp(Math.max(...r.seconds));
    console.log(
      `| ${name} | ${perMp(median(r.seconds)).toFixed(2)} | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${(base / median(r.seconds)).toFixed(2)}× |`,
    );
  }
}

/** With one browser run per backend: each model's time on every backend ÷ its time on wasm
 * (below 1: faster than WebAssembly). */
export function printBackendRatios(runs: { backend: string; rows: Row[] }[]): void {
  const wasm = runs.find((r) => r.backend === 'wasm');
  const others = runs.filter((r) => r.backend !== 'wasm');
  if (!wasm || !others.length) return;
  console.log(`\n| model | ${others.map((r) => `${r.backend} ÷ wasm`).join(' | ')} |`);
  console.log(`|---|${others.map(() => '---|').join('')}`);
  for (const w of wasm.rows) {
    const base = median(secondsPerMp(w));
    const cells = others.map((r) => {
      const row = r.rows.find((x) => x.candidate.name === w.candidate.name);
      return row ? `${(median(secondsPerMp(row)) / base).toFixed(3)}×` : '–';
    });
    console.log(`| ${w.candidate.name} | ${cells.join(' | ')} |`);
  }
}
