/** npm run bench:quality -- [--sets Set5,Set14] [--scales 2,4] [--tile 128] [--limit N]
 * PSNR/SSIM (Y, border = scale) of our sr-x2/sr-x4 (LN and i-LN), the UpscalerJS peers and
 * bicubic on the same LR inputs (MATLAB bicubic downscale), all run through the same tiler. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadModel } from '../engine/model';
import { nodeFileSource } from '../engine/node-source';
import { createRestorer, type TileNetwork } from '../engine/restorer';
import { taskInfo, type TaskInfo } from '../engine/tasks';
import { initNodeBackend } from '../engine/node-backend';
import { runMain } from './common';
import { loadPairs, resolveSet, score, type EvalPair } from './eval-data';
import { toUint8 } from './image-io';
import { openPeer, peerSpecs } from './peers';

interface Contender {
  name: string;
  open(): Promise<TileNetwork>;
}

function contenders(scale: number, modelsDir: string): Contender[] {
  const ours = ['ln', 'iln']
    .map((norm) => ({
      name: `sr-x${scale}-${norm}`,
      path: join(modelsDir, `sr-x${scale}-${norm}`, 'model.json'),
    }))
    .filter((m) => existsSync(m.path))
    .map((m) => ({
      name: m.name,
      open: async () => (await loadModel(nodeFileSource, m.path)).network,
    }));
  const peers = peerSpecs([scale]).map((s) => ({
    name: `${s.label} (${s.pkg}@${s.version})`,
    open: () => openPeer(s),
  }));
  return [...ours, ...peers];
}

type Mean = { psnr: number; ssim: number };

/** Mean PSNR/SSIM of one network on every set, the network loaded once. */
async function scoreSets(
  task: TaskInfo,
  net: TileNetwork,
  pairsBySet: EvalPair[][],
  tile: number,
): Promise<Mean[]> {
  const restorer = createRestorer(net);
  const cells: Mean[] = [];
  for (const pairs of pairsBySet) {
    const scores: Mean[] = [];
    for (const pair of pairs) {
      const out = toUint8(await restorer.restore(pair.input, { tile, overlap: 16 }));
      scores.push(score(task, out, pair.clean));
    }
    cells.push(meanOf(scores));
  }
  restorer.dispose();
  return cells;
}

const cell = (m: Mean) => `${m.psnr.toFixed(2)} / ${m.ssim.toFixed(4)}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sets: { type: 'string', default: 'Set5,Set14' },
      scales: { type: 'string', default: '2,4' },
      tile: { type: 'string', default: '128' },
      limit: { type: 'string' },
      data: { type: 'string' },
      models: { type: 'string', default: 'models' },
    },
  });
  const sets = values.sets!.split(',');
  const tile = Number(values.tile);
  const backend = await initNodeBackend();
  console.log(`PSNR-Y (dB) / SSIM-Y, border = scale; tfjs ${backend}, tile ${tile}, overlap 16\n`);
  console.log(`| scale | model | ${sets.join(' | ')} |`);
  console.log(`|---|---|${sets.map(() => '---').join('|')}|`);
  for (const scale of values.scales!.split(',').map(Number)) {
    const task = taskInfo(`sr-x${scale}`);
    const limit = values.limit ? Number(values.limit) : undefined;
    const pairsBySet = await Promise.all(
      sets.map((set) => loadPairs(task, resolveSet(set, values.data), {}, limit)),
    );
    const bicubic = pairsBySet.map((pairs) =>
      meanOf(pairs.map((p) => score(task, p.baseline, p.clean))),
    );
    console.log(`| ×${scale} | bicubic | ${bicubic.map(cell).join(' | ')} |`);
    for (const c of contenders(scale, values.models!)) {
      const cells = await scoreSets(task, await c.open(), pairsBySet, tile);
      console.log(`| ×${scale} | ${c.name} | ${cells.map(cell).join(' | ')} |`);
    }
  }
}

function meanOf(ms: Mean[]): Mean {
  return {
    psnr: ms.reduce((n, m) => n + m.psnr, 0) / ms.length,
    ssim: ms.reduce((n, m) => n + m.ssim, 0) / ms.length,
  };
}

runMain(main);
