/** `npm run bench -- --tiles`: the tile size per model that the app would choose on a backend
 * (engine/tile-choice.ts), with every candidate's time per tile and per output MP, so the choice
 * is a measurement anyone can repeat. */
import { DEFAULT_OVERLAP } from '../engine/constants';
import type { TileRow } from '../engine/measure';
import { secondsPerOutputPixel, TILE_CANDIDATES } from '../engine/tile-choice';

export function printTileChoice(rows: TileRow[], backend: string): void {
  console.log(
    `\n## Tile size per model on ${backend}: seconds per tile and per output MP with a ${DEFAULT_OVERLAP}-px overlap (the best of the rounds); the app takes the chosen size unless memory bounds it\n`,
  );
  console.log(`| model | ${TILE_CANDIDATES.map((t) => `${t} px`).join(' | ')} | chosen |`);
  console.log(`|---|${TILE_CANDIDATES.map(() => '---|').join('')}---|`);
  for (const r of rows) {
    const cells = TILE_CANDIDATES.map((tile) => {
      const t = r.timings.find((x) => x.tile === tile);
      if (!t) return '–';
      const perMp = secondsPerOutputPixel(t, DEFAULT_OVERLAP, r.scale) * 1e6;
      return `${t.seconds.toFixed(2)} s, ${perMp.toFixed(2)} s/MP`;
    });
    console.log(`| ${r.name} | ${cells.join(' | ')} | ${r.chosen} |`);
  }
}
