/** Pixels on screen without copying them: a grid of canvases (one for an image up to 512 px a
 * side) drawn a block per task, so a large image never holds the page (image/painter.ts); when
 * only `dirty` changed in a buffer already drawn (a tile landed), only that rectangle is
 * redrawn. `data-painted` tells when everything queued is on screen. */
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { CanvasPainter, planBlocks } from '../image/painter';

export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  /** The rectangle that changed since the buffer was last drawn (tiles landing). */
  dirty?: { x: number; y: number; w: number; h: number } | null;
}

/** `shownWidth`/`shownHeight`: the size it takes on the stage (a smaller "before" image is
 * stretched to the result's size); its own size by default. */
export function PixelCanvas({
  pixels,
  className,
  style,
  shownWidth = pixels.width,
  shownHeight = pixels.height,
}: {
  pixels: Pixels;
  className: string;
  style?: CSSProperties;
  shownWidth?: number;
  shownHeight?: number;
}) {
  const { width, height } = pixels;
  const blocks = useMemo(() => planBlocks(width, height), [width, height]);
  const wrapper = useRef<HTMLDivElement>(null);
  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const painter = useRef<CanvasPainter | null>(null);
  useEffect(() => {
    const contexts = blocks.map((_, i) => canvases.current[i]?.getContext('2d') ?? null);
    if (contexts.some((c) => !c)) return;
    const markIdle = (idle: boolean) => wrapper.current?.setAttribute('data-painted', `${idle}`);
    painter.current = new CanvasPainter(blocks, contexts as CanvasRenderingContext2D[], markIdle);
    return () => painter.current?.stop();
  }, [blocks]);
  useEffect(() => {
    void painter.current?.draw(pixels, pixels.dirty);
  }, [pixels, blocks]);
  const scale =
    shownWidth !== width || shownHeight !== height
      ? `scale(${shownWidth / width}, ${shownHeight / height})`
      : undefined;
  return (
    <div
      ref={wrapper}
      className={className}
      style={{
        position: 'relative', // a caller may lay it over another (the strength blend)
        ...style,
        width,
        height,
        transformOrigin: '0 0',
        transform: scale,
      }}
      data-painted="false"
    >
      {blocks.map((b, i) => (
        <canvas
          key={`${b.x},${b.y},${b.w},${b.h}`}
          ref={(el) => {
            canvases.current[i] = el;
          }}
          width={b.w}
          height={b.h}
          style={{ position: 'absolute', left: b.x, top: b.y }}
        />
      ))}
    </div>
  );
}
