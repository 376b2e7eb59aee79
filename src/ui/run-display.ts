/** What a run shows while it goes (the landed tiles, the progress bar), at most once per
 * RUN_DISPLAY_MS. Every change on screen costs the page a frame, and where there is no GPU the
 * browser draws most of the image again at each one, in software, on the cores the workers need
 * (a 3 MP run on two cores: 47 frames at 65 ms each in 9.9 s); tiles land several times a second. */
import type { TileProgress } from '../engine/schedule';

export const RUN_DISPLAY_MS = 500;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function unionRect(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

export interface RunDisplay<O> {
  tile(out: O, t: Rect): void;
  progress(p: TileProgress): void;
  /** The run ended: its last progress now; landed tiles not yet shown are dropped (the result,
   * or the next norm, replaces the live view). */
  end(): void;
}

/** `showTiles` gets the tiles landed since the last time as one dirty rectangle; `showProgress`
 * the latest progress; both in the same turn, so the page draws one frame for them. The first
 * tile of a run shows at once. */
export function pacedRunDisplay<O>(
  showTiles: (out: O, dirty: Rect) => void,
  showProgress: (p: TileProgress) => void,
  intervalMs = RUN_DISPLAY_MS,
): RunDisplay<O> {
  let tiles: { out: O; dirty: Rect } | null = null;
  let progress: TileProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // the first change shows at once; later ones wait for the interval since the last shown
  const show = () => {
    if (tiles) showTiles(tiles.out, tiles.dirty);
    if (progress) showProgress(progress);
    tiles = null;
    progress = null;
  };
  const cooldown = () => {
    timer = null;
    if (!tiles && !progress) return; // nothing new: the next change shows at once
    show();
    timer = setTimeout(cooldown, intervalMs);
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(cooldown, intervalMs);
    queueMicrotask(show); // after this tile's progress too: one frame for both
  };
  return {
    tile(out, t) {
      tiles = { out, dirty: tiles ? unionRect(tiles.dirty, t) : t };
      schedule();
    },
    progress(p) {
      progress = p;
      schedule();
    },
    end() {
      if (timer) clearTimeout(timer);
      timer = null;
      tiles = null;
      if (progress) showProgress(progress);
      progress = null;
    },
  };
}
