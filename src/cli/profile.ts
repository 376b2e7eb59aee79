/** npm run profile -- [--model sr-x2-iln | --peer "esrgan-slim x2"] [--size 128] [--passes 3]
 *   [--by-shape] [--compare]
 * The kernel table of one forward pass on the Node backend (tfjs wasm with our kernels; with
 * ILN_WASM_KERNELS=tfjs, tfjs's own): tf.profile's time per kernel name, summed over the passes
 * after one warm-up and divided by them, with each kernel's share and calls per pass (with
 * --by-shape, per kernel and input shapes). Times are
 * tf.profile's (each kernel waited for), so the total is above a plain pass; use the shares to
 * see where time goes and `npm run bench` for speed. With --compare (our models), the same
 * network without and with the fused layers (wasm-fused.ts) in one process: passes alternate
 * (off, on, on, off, ...), then the median wall time of each and both kernel tables. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { benchImage } from '../engine/measure';
import { loadModel } from '../engine/model';
import { initNodeBackend } from '../engine/node-backend';
import { nodeFileSource } from '../engine/node-source';
import { median } from '../engine/measure';
import { enableFusedKernels } from '../engine/wasm-fused';
import type { TileNetwork } from '../engine/restorer';
import { runMain } from './common';
import { openPeer, peerSpecs } from './peers';
import { kernelTable, printKernelTable } from './profile-table';

async function openNetwork(model: string, peer: string | undefined): Promise<TileNetwork> {
  if (peer) {
    const specs = peerSpecs([2, 4]);
    const spec = specs.find((s) => s.label === peer);
    if (!spec) throw new Error(`no peer "${peer}"; peers: ${specs.map((s) => s.label).join(', ')}`);
    return openPeer(spec);
  }
  const path = join('models', model, 'model.json');
  if (!existsSync(path)) throw new Error(`no model ${model}: ${path} does not exist`);
  return (await loadModel(nodeFileSource, path)).network;
}

/** Wall ms of `passes` passes each without and with the fused layers, interleaved. */
async function compareFused(pass: () => Promise<void>, passes: number) {
  const ms: Record<'off' | 'on', number[]> = { off: [], on: [] };
  for (let p = 0; p < passes; p++) {
    for (const mode of p % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
      enableFusedKernels(mode === 'on');
      const t0 = performance.now();
      await pass();
      ms[mode].push(performance.now() - t0);
    }
  }
  enableFusedKernels(true);
  return { off: median(ms.off), on: median(ms.on) };
}

async function profileTable(pass: () => Promise<void>, passes: number, byShape: boolean) {
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    for (let p = 0; p < passes; p++) await pass();
  });
  return {
    wall: (performance.now() - t0) / passes,
    rows: kernelTable(info.kernels, passes, byShape),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'sr-x2-iln' },
      peer: { type: 'string' },
      size: { type: 'string', default: '128' },
      passes: { type: 'string', default: '3' },
      'by-shape': { type: 'boolean', default: false },
      compare: { type: 'boolean', default: false },
    },
  });
  const [size, passes] = [Number(values.size), Number(values.passes)];
  const backend = await initNodeBackend();
  const net = await openNetwork(values.model!, values.peer);
  const input = tf.tensor4d(benchImage(size).data, [1, size, size, 3]);
  const pass = async () => {
    const out = net.forward(input);
    await out.data();
    out.dispose();
  };
  const name = values.peer ?? values.model;
  const kernels = process.env.ILN_WASM_KERNELS === 'tfjs' ? " (tfjs's kernels)" : '';
  const modes = values.compare ? [false, true] : [true];
  for (const on of modes) {
    enableFusedKernels(on);
    await pass(); // warm-up
  }
  if (values.compare) {
    const { off, on } = await compareFused(pass, passes);
    console.log(
      `## ${name}, ${size}×${size} input, tfjs ${backend}: ${passes} passes each, interleaved: ` +
        `${off.toFixed(0)} ms per pass without the fused layers, ${on.toFixed(0)} ms with (${(on / off).toFixed(2)}×)\n`,
    );
  }
  for (const on of modes) {
    enableFusedKernels(on);
    const { wall, rows } = await profileTable(pass, passes, values['by-shape']!);
    const label = values.compare
      ? on
        ? ', with the fused layers'
        : ', without the fused layers'
      : '';
    console.log(
      `## ${name}${label}, ${size}×${size} input, tfjs ${backend}${kernels}, ${passes} passes after a warm-up (profiled wall ${wall.toFixed(0)} ms per pass)\n`,
    );
    printKernelTable(rows);
    console.log('');
  }
  enableFusedKernels(true);
  input.dispose();
  net.dispose();
}

runMain(main);
