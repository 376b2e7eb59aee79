/** npm run bench -- [--runs 5] [--size 256] [--tile 128]: time per output megapixel (median and
 * spread over runs) and peak tensor memory for every shipped model in Node (tfjs wasm), plus
 * parameters, FLOPs per output pixel and download size. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { flopsPerOutputPixel } from '../engine/cost';
import { loadModel } from '../engine/model';
import { nodeFileSource } from '../engine/node-source';
import { createRestorer } from '../engine/restorer';
import { initNodeBackend, runMain } from './common';

function testImage(size: number) {
  const data = new Float32Array(size * size * 3);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 + 0.4 * Math.sin(i * 0.001 + (i % 3));
  return { width: size, height: size, data };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '5' },
      size: { type: 'string', default: '256' },
      tile: { type: 'string', default: '128' },
      models: { type: 'string', default: 'models' },
    },
  });
  const runs = Number(values.runs);
  const size = Number(values.size);
  const tile = Number(values.tile);
  const backend = await initNodeBackend();
  console.log(
    `Node ${process.version}, tfjs ${backend}, ${cpus()[0]?.model ?? 'CPU'}; ${size}x${size} input, tile ${tile}, overlap 16, ${runs} runs\n`,
  );
  console.log(
    '| model | params | download | GFLOPs / output MP | s / output MP (median) | spread (min–max) | peak tensor MB |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const names = readdirSync(values.models!)
    .filter((d) => existsSync(join(values.models!, d, 'model.json')))
    .sort();
  for (const name of names) {
    const { manifest, network } = await loadModel(
      nodeFileSource,
      join(values.models!, name, 'model.json'),
    );
    const restorer = createRestorer(network);
    const image = testImage(size);
    await restorer.restore(image, { tile, overlap: 16 }); // warm-up: kernels, caches
    const times: number[] = [];
    let peak = 0;
    for (let r = 0; r < runs; r++) {
      const info = await tf.profile(async () => {
        const t0 = performance.now();
        await restorer.restore(image, { tile, overlap: 16 });
        times.push((performance.now() - t0) / 1000);
      });
      peak = Math.max(peak, info.peakBytes);
    }
    const mp = (size * manifest.arch.scale) ** 2 / 1e6;
    const perMp = times.map((t) => t / mp);
    const kb = statSync(join(values.models!, name, 'weights.bin')).size / 1024;
    console.log(
      `| ${name} | ${network.parameterCount().toLocaleString('en')} | ${kb.toFixed(0)} kB | ${((flopsPerOutputPixel(manifest.arch) * 1e6) / 1e9).toFixed(1)} | ${median(perMp).toFixed(2)} | ${Math.min(...perMp).toFixed(2)}–${Math.max(...perMp).toFixed(2)} | ${(peak / 2 ** 20).toFixed(1)} |`,
    );
    restorer.dispose();
  }
}

runMain(main);
