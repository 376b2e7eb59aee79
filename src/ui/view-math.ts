/** The comparison view's geometry, as pure functions: the view shows the output pixel `center`
 * at the viewport's centre at `scale` CSS pixels per output pixel. Zooming keeps a chosen point
 * where it is on screen (the view's centre for buttons, the pointer for the wheel and pinch). */
import { MAX_ZOOM, MIN_ZOOM } from './store/view-slice';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  w: number;
  h: number;
}

export interface ViewState {
  /** CSS pixels per output pixel; null = fit the image to the viewport. */
  zoom: number | null;
  /** The output pixel at the viewport's centre; null = the image's centre. */
  center: Point | null;
}

export const fitScale = (image: Size, viewport: Size) =>
  Math.min(viewport.w / image.w, viewport.h / image.h);

export const clampZoom = (z: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));

/** The scale and centre actually shown. */
export function effective(view: ViewState, image: Size, viewport: Size) {
  return {
    scale: view.zoom ?? fitScale(image, viewport),
    center: view.center ?? { x: image.w / 2, y: image.h / 2 },
  };
}

/** The view as the best image viewers bound it: never below fit (at or below it, the view is
 * fitted again) and the image always covering the viewport along any axis where it is larger
 * than the viewport (centred along an axis where it is smaller), so it cannot be dragged out
 * of its frame. */
export function bounded(view: ViewState, image: Size, viewport: Size): ViewState {
  const fit = fitScale(image, viewport);
  if (view.zoom === null || view.zoom <= fit * (1 + 1e-9)) return { zoom: null, center: null };
  const scale = view.zoom;
  const c = view.center ?? { x: image.w / 2, y: image.h / 2 };
  const axis = (v: number, img: number, vp: number) => {
    const half = vp / (2 * scale);
    return img <= 2 * half ? img / 2 : Math.min(img - half, Math.max(half, v));
  };
  return {
    zoom: scale,
    center: { x: axis(c.x, image.w, viewport.w), y: axis(c.y, image.h, viewport.h) },
  };
}

/** Whether the view is zoomed in beyond fit (then one finger pans the image, not the page). */
export const zoomedIn = (view: ViewState, image: Size, viewport: Size) =>
  bounded(view, image, viewport).zoom !== null;

/** CSS transform (origin top-left) of the image stage. */
export function stageTransform(view: ViewState, image: Size, viewport: Size): string {
  const { scale, center } = effective(view, image, viewport);
  const tx = viewport.w / 2 - center.x * scale;
  const ty = viewport.h / 2 - center.y * scale;
  return `translate(${tx}px, ${ty}px) scale(${scale})`;
}

/** Zoom by `factor` keeping the image point under `screen` (viewport coordinates) in place. */
export function zoomAround(
  view: ViewState,
  image: Size,
  viewport: Size,
  factor: number,
  screen: Point,
): ViewState {
  const { scale, center } = effective(view, image, viewport);
  const next = clampZoom(scale * factor);
  const q = {
    x: center.x + (screen.x - viewport.w / 2) / scale,
    y: center.y + (screen.y - viewport.h / 2) / scale,
  };
  const zoomed = {
    zoom: next,
    center: {
      x: q.x - (screen.x - viewport.w / 2) / next,
      y: q.y - (screen.y - viewport.h / 2) / next,
    },
  };
  return bounded(zoomed, image, viewport);
}

/** Move the image by (dx, dy) screen pixels, within its bounds (a fitted view does not move). */
export function panBy(view: ViewState, image: Size, viewport: Size, dx: number, dy: number) {
  const { scale, center } = effective(view, image, viewport);
  const moved = { zoom: scale, center: { x: center.x - dx / scale, y: center.y - dy / scale } };
  return bounded(moved, image, viewport);
}
