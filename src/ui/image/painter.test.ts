import { describe, expect, it } from 'vitest';
import { BLOCK_OVERLAP, CanvasPainter, planBlocks, type Rect } from './painter';

/** Canvas stand-ins that record each putImageData (block, rectangle, task). */
function setup(width: number, height: number, blockSize: number, slicePixels: number) {
  const blocks = planBlocks(width, height, blockSize);
  const calls: { block: number; dx: number; dy: number; r: Rect; task: number }[] = [];
  let task = 0;
  const targets = blocks.map((_, block) => ({
    putImageData: (
      _d: ImageData,
      dx: number,
      dy: number,
      x: number,
      y: number,
      w: number,
      h: number,
    ) => void calls.push({ block, dx, dy, r: { x, y, w, h }, task }),
  }));
  const idle: boolean[] = [];
  const painter = new CanvasPainter(
    blocks,
    targets,
    (i) => idle.push(i),
    () => ({}) as ImageData,
    async () => void task++,
    slicePixels,
  );
  return { painter, calls, blocks, idle };
}

const pixels = (width: number, height: number) => ({
  width,
  height,
  rgba: new Uint8ClampedArray(width * height * 4),
});

/** How many times each image pixel was drawn. */
function coverage(width: number, height: number, calls: { r: Rect }[]) {
  const n = new Uint8Array(width * height);
  for (const { r } of calls)
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) n[y * width + x]!++;
  return n;
}

describe('planBlocks', () => {
  it('covers the image, each block reaching a little into the next', () => {
    const blocks = planBlocks(25, 12, 10);
    expect(blocks.map((b) => [b.x, b.y, b.w, b.h])).toEqual([
      [0, 0, 10 + BLOCK_OVERLAP, 10 + BLOCK_OVERLAP],
      [10, 0, 10 + BLOCK_OVERLAP, 10 + BLOCK_OVERLAP],
      [20, 0, 5, 10 + BLOCK_OVERLAP],
      [0, 10, 10 + BLOCK_OVERLAP, 2],
      [10, 10, 10 + BLOCK_OVERLAP, 2],
      [20, 10, 5, 2],
    ]);
  });
});

describe('CanvasPainter', () => {
  it('draws a new buffer into every block, about one block per task', async () => {
    const { painter, calls, blocks, idle } = setup(25, 12, 10, 144);
    await painter.draw(pixels(25, 12));
    expect(calls).toHaveLength(blocks.length);
    for (const c of calls) {
      const b = blocks[c.block]!;
      expect([c.dx, c.dy]).toEqual([-b.x, -b.y]); // the block's pixels land at its own origin
      expect(c.r).toEqual(b);
    }
    expect(new Set(calls.map((c) => c.task)).size).toBeGreaterThanOrEqual(3);
    expect(
      Math.max(
        ...[0, 1, 2, 3].map((t) =>
          calls.filter((c) => c.task === t).reduce((n, c) => n + c.r.w * c.r.h, 0),
        ),
      ),
    ).toBeLessThanOrEqual(144 + 24);
    expect(coverage(25, 12, calls).every((n) => n >= 1)).toBe(true);
    expect(idle).toEqual([false, true]);
  });

  it('redraws only the blocks and rows a changed rectangle touches', async () => {
    const { painter, calls } = setup(25, 12, 10, 1000);
    const p = pixels(25, 12);
    await painter.draw(p);
    calls.length = 0;
    await painter.draw(p, { x: 8, y: 1, w: 4, h: 3 });
    expect(calls.map((c) => [c.block, c.r.x, c.r.y, c.r.w, c.r.h])).toEqual([
      [0, 8, 1, 4, 3], // block 0 reaches to x = 12
      [1, 10, 1, 2, 3],
    ]);
  });

  it('splits a rectangle larger than a slice into rows, one slice per task', async () => {
    const { painter, calls } = setup(100, 35, 1000, 1000);
    const drawn = painter.draw(pixels(100, 35));
    expect(calls).toHaveLength(0); // nothing in the task that asked: it has its own work
    await drawn;
    expect(calls.map((c) => [c.r.y, c.r.h, c.task])).toEqual([
      [0, 10, 1],
      [10, 10, 2],
      [20, 10, 3],
      [30, 5, 4],
    ]);
  });

  it('drops what was queued for a buffer that was replaced', async () => {
    const { painter, calls } = setup(100, 100, 1000, 1000);
    const first = painter.draw(pixels(100, 100)); // ten slices
    await Promise.resolve();
    void painter.draw(pixels(100, 20));
    await first;
    const total = calls.reduce((n, c) => n + c.r.h, 0);
    expect(calls.length).toBeLessThan(10);
    expect(calls.at(-1)!.r.y + calls.at(-1)!.r.h).toBe(20); // the new buffer, drawn to its end
    expect(total).toBeLessThan(100);
  });
});
