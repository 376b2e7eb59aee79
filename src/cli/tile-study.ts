/** npm run tile-study -- --task sr-x2 --set Set5 [--tiles 32,64,96,128] [--overlap 16] [--limit N]
 * How far tiled inference drifts from whole-image inference, per model and tile size: i-LN
 * normalizes over the whole input, so a tile sees other statistics than the whole image. Prints
 * a markdown table: PSNR(tiled, whole), capped at 100 dB, and each one's PSNR against the truth. */
import { parseArgs } from 'node:util';
import { NORMS } from '../engine/constants';
import { psnr } from '../engine/metrics';
import { toUint8 } from './image-io';
import { initNodeBackend } from '../engine/node-backend';
import { openModel, runMain } from './common';
import { loadPairs, resolveSet } from './eval-data';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      task: { type: 'string', default: 'sr-x2' },
      set: { type: 'string', default: 'Set5' },
      tiles: { type: 'string', default: '32,48,64,96,128' },
      overlap: { type: 'string', default: '16' },
      limit: { type: 'string' },
      models: { type: 'string' },
    },
  });
  const tiles = values.tiles!.split(',').map(Number);
  const overlap = Number(values.overlap);
  const backend = await initNodeBackend();
  console.log(
    `tiled vs whole-image inference, ${values.task} on ${values.set}, overlap ${overlap}, ${backend}\n`,
  );
  console.log(
    '| model | tile | PSNR tiled vs whole (dB) | PSNR-Y vs truth, tiled | PSNR-Y vs truth, whole |',
  );
  console.log('|---|---|---|---|---|');
  for (const norm of NORMS) {
    const { info, restorer } = await openModel(values.task!, norm, values.models);
    const pairs = await loadPairs(
      info,
      resolveSet(values.set!),
      {},
      values.limit ? Number(values.limit) : undefined,
    );
    const border = info.scale > 1 ? info.scale : 0;
    const wholes = [];
    for (const p of pairs) {
      const size = Math.max(p.input.width, p.input.height);
      wholes.push(toUint8(await restorer.restore(p.input, { tile: size, overlap: 0 })));
    }
    for (const tile of tiles) {
      let drift = 0;
      let tiledTruth = 0;
      let wholeTruth = 0;
      for (const [i, p] of pairs.entries()) {
        const out = toUint8(
          await restorer.restore(p.input, {
            tile,
            overlap: Math.min(overlap, Math.floor((tile - 1) / 2)),
          }),
        );
        const dims = { width: out.width, height: out.height, border };
        // identical outputs (one tile covers the image) count as 100 dB rather than infinity
        drift += Math.min(100, psnr({ a: out.data, b: wholes[i]!.data, ...dims, space: 'rgb' }));
        tiledTruth += psnr({ a: out.data, b: p.clean.data, ...dims, space: info.space });
        wholeTruth += psnr({ a: wholes[i]!.data, b: p.clean.data, ...dims, space: info.space });
      }
      const n = pairs.length;
      console.log(
        `| ${values.task}-${norm} | ${tile} | ${(drift / n).toFixed(2)} | ${(tiledTruth / n).toFixed(2)} | ${(wholeTruth / n).toFixed(2)} |`,
      );
    }
    restorer.dispose();
  }
}

runMain(main);
