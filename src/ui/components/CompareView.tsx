/** Before/after comparison: one CSS variable (--split) drives the after layer's clip-path and
 * the handle; zoom and pan come from the store, so several views stay in sync. Without `before`
 * it shows one image (a difference map) with the same zoom and pan and no handle. With `blend`
 * the after side shows input + strength · (after − input): the result laid over the input at
 * that opacity, so the browser composites it and a strength step repaints no pixel. */
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { PixelCanvas, type Pixels } from './PixelCanvas';
import { useAppStore } from '../store';
import {
  bounded,
  fitScale,
  panBy,
  stageTransform,
  zoomAround,
  zoomedIn,
  type Size,
} from '../view-math';

function useSize(ref: React.RefObject<HTMLElement | null>): Size {
  const [size, setSize] = useState({ w: 1, h: 1 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ w: el.clientWidth || 1, h: el.clientHeight || 1 });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

const STEP = 0.01;

export interface StrengthBlend {
  input: Pixels; // the size of `after`
  strength: number; // in [0, 1)
}

export function CompareView({
  before,
  after,
  blend,
  label,
}: {
  before?: Pixels;
  after: Pixels;
  blend?: StrengthBlend;
  label: string;
}) {
  const split = useAppStore((s) => s.split);
  const zoom = useAppStore((s) => s.zoom);
  const center = useAppStore((s) => s.center);
  const viewport = useRef<HTMLDivElement>(null);
  const size = useSize(viewport);
  const image = { w: after.width, h: after.height };
  // what is shown: within fit and the image's bounds, whatever the store holds (a button may
  // have zoomed out past fit, or another view of a different size panned further)
  const view = bounded({ zoom, center }, image, size);
  const fit = fitScale(image, size);
  useEffect(() => useAppStore.getState().setFitScale(fit), [fit]);
  const scale = zoom ?? fit;
  const stage: CSSProperties = {
    width: after.width,
    height: after.height,
    transform: stageTransform(view, image, size),
  };
  const pixelated = scale >= 1 ? 'pixelated' : 'auto';
  const drag = useRef<{ mode: 'split' | 'pan'; x: number; y: number } | null>(null);
  const pointers = useRef(new Map<number, { x: number; y: number }>());
  const pinch = useRef<number | null>(null);

  const setSplitFromX = (clientX: number) => {
    const box = viewport.current!.getBoundingClientRect();
    useAppStore.getState().setSplit((clientX - box.left) / box.width);
  };

  const zoomAt = (factor: number, clientX: number, clientY: number) => {
    const box = viewport.current!.getBoundingClientRect();
    const at = { x: clientX - box.left, y: clientY - box.top };
    useAppStore.getState().setView(zoomAround(view, image, size, factor, at));
  };

  // The wheel over the image zooms and never scrolls the page: React's wheel listener is
  // passive and cannot stop the scroll, so a native one is attached.
  const zoomAtRef = useRef(zoomAt);
  zoomAtRef.current = zoomAt;
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      zoomAtRef.current(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (e: PointerEvent) => {
    if (e.pointerType === 'mouse') e.preventDefault(); // a drag must not select the page's text
    viewport.current?.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const onHandle = (e.target as HTMLElement).closest('.compare__handle');
    drag.current = { mode: onHandle ? 'split' : 'pan', x: e.clientX, y: e.clientY };
  };

  const onPointerMove = (e: PointerEvent) => {
    if (!pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      const dist = Math.hypot(a!.x - b!.x, a!.y - b!.y);
      if (pinch.current) zoomAt(dist / pinch.current, (a!.x + b!.x) / 2, (a!.y + b!.y) / 2);
      pinch.current = dist;
      return;
    }
    const d = drag.current;
    if (!d) return;
    if (d.mode === 'split') setSplitFromX(e.clientX);
    else useAppStore.getState().setView(panBy(view, image, size, e.clientX - d.x, e.clientY - d.y));
    d.x = e.clientX;
    d.y = e.clientY;
  };

  const onPointerUp = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinch.current = null;
    if (pointers.current.size === 0) drag.current = null;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const { setSplit } = useAppStore.getState();
    const step = e.shiftKey ? STEP * 10 : STEP;
    const keys: Record<string, number> = {
      ArrowLeft: split - step,
      ArrowDown: split - step,
      ArrowRight: split + step,
      ArrowUp: split + step,
      Home: 0,
      End: 1,
      PageDown: split - 0.1,
      PageUp: split + 0.1,
    };
    if (e.key in keys) {
      e.preventDefault();
      setSplit(keys[e.key]!);
    }
  };

  return (
    <figure className="compare-figure">
      <div
        ref={viewport}
        className={before ? 'compare' : 'compare compare--single'}
        style={
          {
            '--split': split,
            '--aspect': after.width / after.height,
            // touch: one finger scrolls the page unless the image is zoomed in (then it pans)
            touchAction: zoomedIn(view, image, size) ? 'none' : 'pan-y',
          } as CSSProperties
        }
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-testid="compare"
      >
        {before && (
          <div className="compare__layer">
            <div className="compare__stage" style={stage}>
              <PixelCanvas
                pixels={before}
                className="compare__canvas"
                shownWidth={after.width}
                shownHeight={after.height}
                style={{ imageRendering: before.width < after.width ? 'pixelated' : pixelated }}
              />
            </div>
          </div>
        )}
        <div className="compare__layer compare__layer--after">
          <div className="compare__stage" style={stage}>
            {blend && (
              <PixelCanvas
                pixels={blend.input}
                className="compare__canvas"
                style={{ imageRendering: pixelated }}
              />
            )}
            <PixelCanvas
              pixels={after}
              className="compare__canvas"
              style={{
                imageRendering: pixelated,
                ...(blend && { position: 'absolute', left: 0, top: 0, opacity: blend.strength }),
              }}
            />
          </div>
        </div>
        {before && (
          <div
            className="compare__handle"
            role="slider"
            tabIndex={0}
            aria-label={`Before/after split for ${label}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(split * 100)}
            aria-valuetext={`${Math.round(split * 100)}% before`}
            onKeyDown={onKeyDown}
          />
        )}
        {before && <span className="compare__tag compare__tag--before">before</span>}
        <span className="compare__tag compare__tag--after">{label}</span>
      </div>
    </figure>
  );
}
