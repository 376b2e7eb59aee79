/** Shows a large image as a grid of canvases, drawn a block per task. One 6 MP canvas costs the
 * page two long tasks of 100-200 ms each time it is drawn (allocating its backing store, then
 * uploading all of it to the compositor), whatever slice of it changed; blocks of 512² cost
 * 5-18 ms each here (2-core machine, Chromium's software GL), and three times that while the
 * workers keep both cores busy. Rectangles queue and are drawn in order; a new buffer replaces
 * whatever was queued for the old one. */
import { yieldToEventLoop } from '../../shared/event-loop';
import { imageDataOf } from './convert';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PaintablePixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

/** A block's side in pixels, and how far each block reaches into the next (so no hairline of
 * background shows between neighbours at a fractional zoom). */
export const BLOCK = 512;
export const BLOCK_OVERLAP = 2;
/** Pixels drawn per task: one whole block, then the event loop gets a turn. */
export const SLICE_PIXELS = (BLOCK + BLOCK_OVERLAP) ** 2;

/** The blocks that cover a width×height image, row by row. */
export function planBlocks(width: number, height: number, size = BLOCK): Rect[] {
  const blocks: Rect[] = [];
  for (let y = 0; y < height; y += size)
    for (let x = 0; x < width; x += size)
      blocks.push({
        x,
        y,
        w: Math.min(size + BLOCK_OVERLAP, width - x),
        h: Math.min(size + BLOCK_OVERLAP, height - y),
      });
  return blocks;
}

export function intersect(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

/** What the painter needs of a canvas context (a 2D context; a fake in unit tests). */
export interface PutImageTarget {
  putImageData(
    data: ImageData,
    dx: number,
    dy: number,
    x: number,
    y: number,
    w: number,
    h: number,
  ): void;
}

interface Job {
  block: number;
  rect: Rect;
}

export class CanvasPainter {
  private queue: Job[] = [];
  private pixels: PaintablePixels | null = null;
  private image: ImageData | null = null;
  private running: Promise<void> | null = null;

  /** `targets[i]` draws block `blocks[i]` (in image coordinates). */
  constructor(
    private blocks: Rect[],
    private targets: PutImageTarget[],
    private onIdle: (idle: boolean) => void = () => {},
    private makeImageData: (p: PaintablePixels) => ImageData = imageDataOf,
    private nextTask: () => Promise<void> = yieldToEventLoop,
    readonly slicePixels = SLICE_PIXELS,
  ) {}

  /** Queues `rect` of `pixels` (all of it for a buffer not drawn before); resolves when the
   * queue is empty. */
  draw(pixels: PaintablePixels, rect?: Rect | null): Promise<void> {
    const full = { x: 0, y: 0, w: pixels.width, h: pixels.height };
    if (pixels.rgba !== this.pixels?.rgba || pixels.width !== this.pixels.width) {
      this.pixels = pixels;
      this.image = this.makeImageData(pixels); // wraps the buffer: no copy
      this.queue = [];
      rect = full;
    }
    this.blocks.forEach((b, block) => {
      const part = intersect(b, rect ?? full);
      if (part) this.queue.push({ block, rect: part });
    });
    if (!this.running) {
      this.onIdle(false);
      this.running = this.drain().finally(() => {
        this.running = null;
        this.onIdle(true);
      });
    }
    return this.running;
  }

  /** Drops what is queued (the canvases go away). */
  stop(): void {
    this.queue = [];
  }

  /** A slice per task, the first in a task of its own: the one that queued it (a React commit,
   * a tile landing) has work enough already. */
  private async drain(): Promise<void> {
    while (this.queue.length) {
      await this.nextTask();
      let budget = this.slicePixels;
      while (this.queue.length && budget > 0) budget -= this.drawSome(budget);
    }
  }

  /** Draws the first job, or as many of its rows as `budget` pixels allow; returns the pixels. */
  private drawSome(budget: number): number {
    const { block, rect: r } = this.queue[0]!;
    const b = this.blocks[block]!;
    const rows = Math.min(r.h, Math.max(1, Math.floor(budget / r.w)));
    this.targets[block]!.putImageData(this.image!, -b.x, -b.y, r.x, r.y, r.w, rows);
    if (rows >= r.h) this.queue.shift();
    else this.queue[0] = { block, rect: { ...r, y: r.y + rows, h: r.h - rows } };
    return rows * r.w;
  }
}
