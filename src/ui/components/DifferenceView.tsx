/** Where results differ, with the compare view's zoom and pan: side by side, |i-LN − LN| (the
 * study the app exists for: the two outputs are often 40-50 dB apart, too close to tell by eye);
 * for one model, |output − input| (for super-resolution, the bicubic upscale): what it changed. */
import { useEffect, useState } from 'react';
import type { RunResult } from '../store/job-slice';
import { useAppStore } from '../store';
import {
  DEFAULT_GAIN,
  DIFF_GAINS,
  DIFF_SCALE_CSS,
  type Difference,
  type DiffGain,
} from '../../shared/difference';
import type { Pixels } from './PixelCanvas';
import { CompareView } from './CompareView';
import { NORM_LABEL } from '../model-choice';
import type { Rgba } from '../../shared/pixels';
import { pool } from '../workers';

function formatPsnr(db: number): string {
  return Number.isFinite(db) ? `${db.toFixed(2)} dB` : 'identical';
}

export function GainChoice({ gain }: { gain: DiffGain }) {
  const setDiffGain = useAppStore((s) => s.setDiffGain);
  return (
    <label>
      Gain
      <select
        value={gain}
        onChange={(e) => setDiffGain(Number(e.target.value) as DiffGain)}
        data-testid="diff-gain"
      >
        {DIFF_GAINS.map((g) => (
          <option key={g} value={g}>
            ×{g}
          </option>
        ))}
      </select>
    </label>
  );
}

function Legend({ gain }: { gain: number }) {
  return (
    <span className="diff-legend">
      0
      <span className="diff-legend__bar" style={{ background: DIFF_SCALE_CSS }} aria-hidden />
      {(255 / gain).toFixed(255 % gain ? 1 : 0)} grey levels or more
    </span>
  );
}

/** The difference map of `a` and `b`, made in a worker (a 24 MP map is seconds of work that
 * would freeze the page); null until it arrives or when the sizes differ. */
function useDifference(a: Rgba, b: Rgba, gain: number): Difference | null {
  const ready = a.width === b.width && a.height === b.height;
  const [made, setMade] = useState<{ of: [Rgba, Rgba, number]; diff: Difference } | null>(null);
  useEffect(() => {
    if (!ready) return;
    const stop = new AbortController();
    pool()
      .primary.difference(a, b, gain, { signal: stop.signal })
      .then(({ rgba, psnr }) =>
        setMade({ of: [a, b, gain], diff: { width: a.width, height: a.height, rgba, psnr, gain } }),
      )
      .catch(() => {}); // superseded (aborted) or the workers restarted: nothing to show
    return () => stop.abort();
  }, [a, b, gain, ready]);
  const current = made && made.of[0] === a && made.of[1] === b && made.of[2] === gain;
  return ready && current ? made.diff : null;
}

/** `results` in panel order (i-LN first); `before` what one result is compared with (for
 * super-resolution the bicubic upscale, `upscale`; until it arrives a note stands in). */
export function DifferenceView({
  results,
  before,
  upscale,
}: {
  results: RunResult[];
  before: Pixels;
  upscale: boolean;
}) {
  const chosenGain = useAppStore((s) => s.diffGain);
  const pair = results.length === 2;
  const gain = chosenGain ?? (pair ? DEFAULT_GAIN.models : DEFAULT_GAIN.change);
  const [a, b] = pair ? [results[0]!, results[1]!] : [results[0]!, before];
  const diff = useDifference(a, b, gain);
  const sameSize = a.width === b.width && a.height === b.height;
  const what = pair ? '|i-LN − LN|' : `|${NORM_LABEL[results[0]!.norm]} − input|`;
  return (
    <div className="result" data-testid="difference">
      <div className="row">
        <GainChoice gain={gain} />
        <Legend gain={gain} />
      </div>
      {diff ? (
        <>
          <CompareView after={diff} label={`${what} ×${gain}`} />
          <p className="meta" data-testid="diff-psnr">
            {pair
              ? `i-LN against LN: PSNR ${formatPsnr(diff.psnr)} between the two outputs.`
              : `${NORM_LABEL[results[0]!.norm]} against its input${upscale ? ' (bicubic upscale)' : ''}: PSNR ${formatPsnr(diff.psnr)}.`}{' '}
            Per pixel the mean of {what} over R, G and B, times {gain}; network outputs, before
            Strength.
          </p>
        </>
      ) : (
        <p className="meta">
          {sameSize ? 'Computing the difference…' : 'Making the bicubic upscale to compare with…'}
        </p>
      )}
    </div>
  );
}
