import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacedRunDisplay, RUN_DISPLAY_MS, unionRect, type Rect } from './run-display';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const progress = (done: number) => ({ done, total: 10, elapsedMs: done * 100 });

function display() {
  const shown: string[] = [];
  const d = pacedRunDisplay<string>(
    (out, r: Rect) => shown.push(`${out} ${r.x},${r.y} ${r.w}x${r.h}`),
    (p) => shown.push(`progress ${p.done}`),
  );
  return { d, shown };
}

describe('what a run shows while it goes', () => {
  it('shows the first tile at once, then what lands in an interval together', async () => {
    const { d, shown } = display();
    d.tile('a', { x: 0, y: 0, w: 10, h: 8 });
    d.progress(progress(1));
    await Promise.resolve();
    expect(shown).toEqual(['a 0,0 10x8', 'progress 1']); // the first tile and its progress
    d.tile('b', { x: 10, y: 0, w: 10, h: 8 });
    d.progress(progress(2));
    d.tile('c', { x: 0, y: 8, w: 5, h: 4 });
    d.progress(progress(3));
    await Promise.resolve();
    expect(shown).toHaveLength(2); // nothing drawn per tile
    vi.advanceTimersByTime(RUN_DISPLAY_MS);
    expect(shown.slice(2)).toEqual(['c 0,0 20x12', 'progress 3']); // the union, the latest
    d.tile('d', { x: 20, y: 0, w: 4, h: 4 });
    vi.advanceTimersByTime(RUN_DISPLAY_MS);
    expect(shown.slice(4)).toEqual(['d 20,0 4x4']);
    vi.advanceTimersByTime(RUN_DISPLAY_MS); // a quiet interval: the next change shows at once
    d.tile('e', { x: 0, y: 0, w: 1, h: 1 });
    await Promise.resolve();
    expect(shown.slice(5)).toEqual(['e 0,0 1x1']);
  });

  it('at the end gives the last progress at once and paints nothing over the result', async () => {
    const { d, shown } = display();
    d.tile('a', { x: 0, y: 0, w: 1, h: 1 });
    d.progress(progress(10));
    d.end();
    await Promise.resolve();
    expect(shown).toEqual(['progress 10']);
    vi.advanceTimersByTime(10 * RUN_DISPLAY_MS);
    expect(shown).toEqual(['progress 10']);
  });

  it('unites rectangles', () => {
    expect(unionRect({ x: 5, y: 5, w: 2, h: 2 }, { x: 0, y: 6, w: 1, h: 4 })).toEqual({
      x: 0,
      y: 5,
      w: 7,
      h: 5,
    });
  });
});
