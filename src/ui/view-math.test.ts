import { describe, expect, it } from 'vitest';
import {
  bounded,
  effective,
  panBy,
  stageTransform,
  zoomAround,
  zoomedIn,
  type ViewState,
} from './view-math';

const image = { w: 800, h: 600 };
const viewport = { w: 400, h: 300 };
const fitted: ViewState = { zoom: null, center: null };

/** Where the image point p lands on screen. */
function onScreen(view: ViewState, p: { x: number; y: number }) {
  const { scale, center } = effective(view, image, viewport);
  return {
    x: viewport.w / 2 + (p.x - center.x) * scale,
    y: viewport.h / 2 + (p.y - center.y) * scale,
  };
}

describe('view math', () => {
  it('fits the image at its centre', () => {
    expect(stageTransform(fitted, image, viewport)).toBe('translate(0px, 0px) scale(0.5)');
  });

  it('wheel zoom keeps the point under the pointer in place', () => {
    const pointer = { x: 300, y: 250 }; // the lower half
    const under = { x: 600, y: 500 };
    const zoomed = zoomAround(fitted, image, viewport, 3, pointer);
    expect(onScreen(zoomed, under).x).toBeCloseTo(pointer.x, 9);
    expect(onScreen(zoomed, under).y).toBeCloseTo(pointer.y, 9);
  });

  it('1:1 after a wheel zoom keeps the view centre on the image (the old bug left it off-screen)', () => {
    const zoomed = zoomAround(fitted, image, viewport, 3, { x: 300, y: 250 });
    const centre = effective(zoomed, image, viewport).center;
    const oneToOne = { ...zoomed, zoom: 1 }; // what the 1:1 button does: the centre stays
    expect(onScreen(oneToOne, centre)).toEqual({ x: 200, y: 150 });
    expect(centre.x).toBeGreaterThan(0);
    expect(centre.y).toBeLessThan(image.h);
  });

  it('panning moves a zoomed image with the pointer', () => {
    const zoomed = { zoom: 1, center: { x: 400, y: 300 } };
    const moved = panBy(zoomed, image, viewport, 40, -10);
    expect(onScreen(moved, { x: 400, y: 300 })).toEqual({ x: 240, y: 140 });
  });

  it('never zooms below fit: zooming out past it fits the image again', () => {
    expect(zoomAround(fitted, image, viewport, 0.5, { x: 10, y: 10 })).toEqual(fitted);
    expect(bounded({ zoom: 0.3, center: { x: 5, y: 5 } }, image, viewport)).toEqual(fitted);
  });

  it('keeps the image over the whole viewport: panning stops at its edges', () => {
    const zoomed = { zoom: 1, center: { x: 400, y: 300 } };
    const far = panBy(zoomed, image, viewport, 5000, -5000);
    // the top-right corner of the image sits at the viewport's top-right corner
    expect(onScreen(far, { x: 0, y: image.h })).toEqual({ x: 0, y: viewport.h });
    expect(panBy(fitted, image, viewport, 100, 100)).toEqual(fitted);
  });

  it('centres an axis where the zoomed image is narrower than the viewport', () => {
    const tall = { w: 100, h: 1000 };
    const view = bounded({ zoom: 1, center: { x: 0, y: 0 } }, tall, viewport);
    expect(view.center).toEqual({ x: 50, y: 150 });
    expect(zoomedIn(view, tall, viewport)).toBe(true);
    expect(zoomedIn(fitted, tall, viewport)).toBe(false);
  });
});
