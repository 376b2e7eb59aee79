/** Beside Restore: how long the whole run (every chosen model) will take on this device, from
 * a measured rate (probe.ts), and above a few minutes the ways to make it shorter. */
import { useEffect } from 'react';
import { activeVariant, downscaleTo, modelRef } from '../actions';
import { aboutDuration, LONG_RUN_S, runSeconds } from '../estimate';
import { fitToPixels } from '../image/limits';
import { probeChosenRun, rateKeyFor } from '../probe';
import { normsFor } from '../store/settings-slice';
import { NORM_LABEL } from '../model-choice';
import { useAppStore, useBusy } from '../store';

/** Seconds for the chosen run, or null while a rate is still being measured. */
function useEstimate(): number | null {
  const source = useAppStore((s) => s.source);
  const task = useAppStore((s) => s.task);
  const normMode = useAppStore((s) => s.normMode);
  const tile = useAppStore((s) => s.tile);
  const overlap = useAppStore((s) => s.overlap);
  const rates = useAppStore((s) => s.tileSeconds);
  const workers = useAppStore((s) => s.workers);
  useAppStore((s) => s.variant); // re-render when the kind of model changes
  useAppStore((s) => s.backendReport);
  if (!source) return null;
  const perTile = normsFor(normMode).map((n) => {
    const key = rateKeyFor(modelRef(task, n, activeVariant()));
    return key ? rates[key] : undefined;
  });
  if (perTile.some((r) => r === undefined)) return null;
  const shape = { width: source.width, height: source.height, tile, overlap, workers };
  return runSeconds(shape, perTile as number[]);
}

function ShorterChoices({ seconds }: { seconds: number }) {
  const source = useAppStore((s) => s.source);
  const normMode = useAppStore((s) => s.normMode);
  const setNormMode = useAppStore((s) => s.setNormMode);
  if (!source) return null;
  // the time follows the tile count, about the pixel count
  const fit = fitToPixels(
    Math.floor((source.width * source.height * LONG_RUN_S) / seconds),
    source.width,
    source.height,
  );
  return (
    <span className="row">
      <button type="button" onClick={() => void downscaleTo(fit)} data-testid="downscale-for-time">
        Downscale to {fit.width}×{fit.height} ({aboutDuration(LONG_RUN_S)})
      </button>
      {normMode === 'both' && (
        <button type="button" onClick={() => setNormMode('iln')} data-testid="iln-only">
          i-LN only ({aboutDuration(seconds / 2)})
        </button>
      )}
    </span>
  );
}

export function RunEstimate() {
  const source = useAppStore((s) => s.source);
  const task = useAppStore((s) => s.task);
  const normMode = useAppStore((s) => s.normMode);
  const variant = useAppStore((s) => s.variant);
  const backend = useAppStore((s) => s.backendReport?.active);
  const busy = useBusy();
  const workers = useAppStore((s) => s.workers);
  const tile = useAppStore((s) => s.tile);
  useEffect(() => {
    if (source && backend && !busy) probeChosenRun();
  }, [source, task, normMode, variant, backend, busy]);
  const seconds = useEstimate();
  if (!source || busy) return null;
  if (seconds === null)
    return (
      <span className="hint" data-testid="estimate">
        Measuring this device’s speed…
      </span>
    );
  const models = normsFor(normMode)
    .map((n) => NORM_LABEL[n])
    .join(' and ');
  const where = `${backend?.toUpperCase()} with ${workers} worker${workers > 1 ? 's' : ''}, ${tile}-px tiles`;
  const long = seconds > LONG_RUN_S;
  return (
    <span className={long ? 'estimate estimate--long' : 'estimate hint'} data-testid="estimate">
      {long ? 'This will take ' : 'Expected time: '}
      {aboutDuration(seconds)} ({models} on {where}){long ? '.' : ''}
      {long && <ShorterChoices seconds={seconds} />}
    </span>
  );
}
