/** The results: one comparison per normalization (LN beside i-LN when both ran), synced zoom,
 * run time, PSNR/SSIM against the original when there is one, and PNG download. */
import { stepNames } from '../../shared/diagnose/diagnose';
import { restoreButton } from '../focus-targets';
import { NORM_LABEL } from '../model-choice';
import { useEffect, useRef, useState } from 'react';
import { downloadResult } from '../run';
import { continueWithResult } from '../actions';
import type { NormName } from '../../engine/constants';
import { formatFor, SAVE_FORMAT_LABEL } from '../save';
import { SaveFormatChoice } from './SaveFormatChoice';
import type { DecodedImage } from '../image/decode';
import { useAppStore, useBusy } from '../store';
import { pool } from '../workers';
import type { RunResult } from '../store/job-slice';
import { useTouchScreen } from '../device';
import { CompareView } from './CompareView';
import type { Pixels } from './PixelCanvas';
import { DifferenceView } from './DifferenceView';
import type { ShowMode } from '../store/view-slice';

function ShowChoice() {
  const show = useAppStore((s) => s.show);
  const setShow = useAppStore((s) => s.setShow);
  return (
    <label>
      Show
      <select
        value={show}
        onChange={(e) => setShow(e.target.value as ShowMode)}
        data-testid="show-mode"
      >
        <option value="compare">before / after</option>
        <option value="difference">difference</option>
      </select>
    </label>
  );
}

function ViewToolbar({ upscale, done }: { upscale: boolean; done: boolean }) {
  const hasAlpha = useAppStore((s) => s.source?.hasAlpha ?? false);
  const setZoom = useAppStore((s) => s.setZoom);
  const zoom = useAppStore((s) => s.zoom);
  const beforeMode = useAppStore((s) => s.beforeMode);
  const setBeforeMode = useAppStore((s) => s.setBeforeMode);
  const fit = useAppStore((s) => s.fitScale);
  const z = zoom ?? fit;
  return (
    <div className="row toolbar" role="toolbar" aria-label="View">
      <button type="button" onClick={() => setZoom(null)}>
        Fit
      </button>
      <button
        type="button"
        onClick={() => setZoom(1 / (window.devicePixelRatio || 1))}
        title="One image pixel per screen pixel"
      >
        1:1
      </button>
      <button type="button" onClick={() => setZoom(z * 1.5)} aria-label="Zoom in">
        +
      </button>
      <button type="button" onClick={() => setZoom(z / 1.5)} aria-label="Zoom out">
        −
      </button>
      {done && <ShowChoice />}
      {done && <SaveFormatChoice hasAlpha={hasAlpha} />}
      {upscale && (
        <label>
          Before shown with
          <select
            value={beforeMode}
            onChange={(e) => setBeforeMode(e.target.value as 'nearest' | 'bicubic')}
          >
            <option value="nearest">nearest neighbour</option>
            <option value="bicubic">bicubic</option>
          </select>
        </label>
      )}
    </div>
  );
}

/** Same-size tasks: how much of the result to keep (0 % is the input), without running the
 * network again; Download saves what is shown. */
function StrengthControl() {
  const strength = useAppStore((s) => s.strength);
  const setStrength = useAppStore((s) => s.setStrength);
  return (
    <label className="strength">
      Strength {Math.round(strength * 100)} %
      <input
        type="range"
        min={0}
        max={100}
        step={5}
        value={Math.round(strength * 100)}
        onChange={(e) => setStrength(Number(e.target.value) / 100)}
        data-testid="strength"
      />
    </label>
  );
}

function ResultView({ r, before, source }: { r: RunResult; before: Pixels; source: DecodedImage }) {
  const strength = useAppStore((s) => s.strength);
  const sameSize = r.width === source.width && r.height === source.height;
  // same-size tasks: the result over the input at the chosen strength (0 % is the input)
  const blend = sameSize && strength < 1 ? { input: source, strength } : undefined;
  return (
    <div className="result" data-testid={`result-${r.norm}`}>
      <CompareView before={before} after={r} blend={blend} label={NORM_LABEL[r.norm]} />
      <Stats r={r} />
    </div>
  );
}

/** The result becomes the image; the focus goes to Restore, the next thing to press (the
 * button that had it goes away with the results). */
async function takeResultAsInput(norm: NormName): Promise<void> {
  await continueWithResult(norm);
  restoreButton.current?.focus();
}

/** "photo model", or for a chain its steps: "Denoise, then ×4 (photo models)". */
function modelsUsed(r: RunResult): string {
  const kind = r.variant === 'photo' ? 'photo' : 'benchmark';
  if (!r.steps || r.steps.length < 2) return `${kind} model`;
  return `${stepNames(r.steps)} (${kind} models)`;
}

function Stats({ r }: { r: RunResult }) {
  const format = useAppStore((s) => formatFor(s.saveFormat, s.source?.hasAlpha ?? false));
  // while the other norm still runs on this image, the image stays
  const busy = useBusy();
  return (
    <p className="meta" data-testid={`stats-${r.norm}`}>
      {NORM_LABEL[r.norm]}: {r.width}×{r.height} in {(r.ms / 1000).toFixed(2)} s on {r.backend} with{' '}
      {r.workers} worker{r.workers > 1 ? 's' : ''}; {modelsUsed(r)}
      {r.psnr !== null && ` — PSNR ${r.psnr.toFixed(2)} dB, SSIM ${r.ssim!.toFixed(4)}`}{' '}
      <button
        type="button"
        onClick={() => void downloadResult(r.norm)}
        data-testid={`download-${r.norm}`}
      >
        Download {SAVE_FORMAT_LABEL[format]}
      </button>{' '}
      <button
        type="button"
        onClick={() => void takeResultAsInput(r.norm)}
        disabled={busy}
        title="Make this result the image, to run another task on it (e.g. denoise, then upscale)"
        data-testid={`use-as-input-${r.norm}`}
      >
        Use as input
      </button>
    </p>
  );
}

/** What the "before" side shows: the source, or (SR, by default) its bicubic upscale, made in
 * a worker; the source stands in until the upscale arrives. */
function useBefore(width: number | undefined, bicubic: boolean): Pixels | null {
  const source = useAppStore((s) => s.source);
  const [upscaled, setUpscaled] = useState<{ of: DecodedImage; pixels: Pixels } | null>(null);
  const wanted = !!source && !!width && width !== source.width && bicubic;
  useEffect(() => {
    if (!wanted || !source || upscaled?.of === source) return;
    let live = true;
    void pool()
      .primary.upscale(source, width! / source.width)
      .then((r) => live && setUpscaled({ of: source, pixels: r }))
      .catch(() => {}); // e.g. the workers restarted after a lost GPU: the source stays shown
    return () => {
      live = false;
    };
  }, [wanted, source, width, upscaled]);
  if (!source || !width) return null;
  return wanted && upscaled?.of === source ? upscaled.pixels : source;
}

function viewHint(touch: boolean, difference: boolean): string {
  if (difference)
    return touch
      ? 'Pinch to zoom; once zoomed in, drag the image to pan. Bright: where the images differ.'
      : 'Scroll over the image to zoom; drag it to pan. Bright: where the images differ.';
  return touch
    ? 'Drag the handle to compare; pinch to zoom; once zoomed in, drag the image to pan.'
    : 'Drag the handle or use the arrow keys to compare; scroll over the image to zoom; drag it to pan.';
}

export function ResultsPanel() {
  const results = useAppStore((s) => s.results);
  const live = useAppStore((s) => s.live);
  const baseline = useAppStore((s) => s.baseline);
  const source = useAppStore((s) => s.source);
  const list = (['iln', 'ln'] as const).map((n) => results[n]).filter((r): r is RunResult => !!r);
  const width = list[0]?.width ?? live?.width;
  const show = useAppStore((s) => s.show);
  const beforeMode = useAppStore((s) => s.beforeMode);
  const difference = show === 'difference' && list.length > 0 && !live;
  // a change map compares with the bicubic upscale, whatever the before view shows
  const before = useBefore(width, beforeMode === 'bicubic' || difference);
  const touch = useTouchScreen();
  // the result is the page's focal point once a run shows it: brought into view (at once, not
  // smoothly, so nothing under the pointer moves afterwards)
  const section = useRef<HTMLElement>(null);
  const shown = live !== null || list.length > 0;
  useEffect(() => {
    if (shown) section.current?.scrollIntoView({ block: 'start' });
  }, [shown]);
  if (!width || !before || !source) return null;
  const upscale = width > source.width;
  const count = list.length + (live ? 1 : 0);
  return (
    <section ref={section} className="panel results" aria-labelledby="results-title">
      <h2 id="results-title">3. Result</h2>
      <ViewToolbar upscale={upscale} done={list.length > 0 && !live} />
      {!upscale && list.length > 0 && !difference && <StrengthControl />}
      <p className="hint" data-testid="view-hint">
        {viewHint(touch, difference)}
      </p>
      {baseline && (
        <p className="meta" data-testid="baseline">
          {baseline.label} against the original: PSNR {baseline.psnr.toFixed(2)} dB, SSIM{' '}
          {baseline.ssim.toFixed(4)}
        </p>
      )}
      {difference ? (
        <DifferenceView results={list} before={before} upscale={upscale} />
      ) : (
        <div className={count > 1 ? 'side-by-side' : ''}>
          {list.map((r) => (
            <ResultView key={r.norm} r={r} before={before} source={source} />
          ))}
          {live && (
            <div key={`live-${live.norm}`} className="result" data-testid={`live-${live.norm}`}>
              <CompareView
                before={before}
                after={live}
                label={`${NORM_LABEL[live.norm]}, restoring…`}
              />
              <p className="meta">
                Tiles appear as they finish; their seams blend when the run ends.
              </p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
