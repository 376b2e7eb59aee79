/** Model download and per-tile progress with an ETA, and how a run ended. */
import { useAppStore } from '../store';
import { aboutDuration, remainingSeconds } from '../estimate';
import { normsFor } from '../store/settings-slice';
import { NORM_LABEL } from '../model-choice';
import { TASK_INFO } from '../../engine/tasks';
import type { ChainStep } from '../store/job-slice';

/** A chain's one bar: the share of the whole run done, the step running, the time left at the
 * rate so far. */
function ChainProgress({ chain, name }: { chain: ChainStep; name: string }) {
  const tiles = useAppStore((s) => s.tiles);
  const elapsed = (performance.now() - chain.startedMs) / 1000;
  const eta = chain.done > 0.02 ? (elapsed * (1 - chain.done)) / chain.done : null;
  const step = `Step ${chain.index + 1} of ${chain.count} (${TASK_INFO[chain.task].label}), ${name}`;
  const tile = tiles?.total ? `: tile ${tiles.done} of ${tiles.total}` : '';
  return (
    <div className="progress" data-testid="job-status" aria-live="polite">
      <label>
        {step}
        {tile}
        {eta === null ? '' : `, ${aboutDuration(eta)} left`}
        <progress max={1} value={chain.done} data-testid="progress" />
      </label>
    </div>
  );
}

export function JobStatus() {
  const status = useAppStore((s) => s.jobStatus);
  const norm = useAppStore((s) => s.activeNorm);
  const tiles = useAppStore((s) => s.tiles);
  const download = useAppStore((s) => s.download);
  const error = useAppStore((s) => s.jobError);
  const normMode = useAppStore((s) => s.normMode);
  const chain = useAppStore((s) => s.chainStep);
  if (status === 'failed') {
    return (
      <p className="error" role="alert" data-testid="job-error">
        {error}
      </p>
    );
  }
  if (status === 'cancelled')
    return <p data-testid="job-status">Cancelled. The model stays loaded for the next run.</p>;
  if (status !== 'loading' && status !== 'running') return null;
  const name = norm ? NORM_LABEL[norm] : '';
  if (download) {
    const pct = Math.round((100 * download.loaded) / Math.max(1, download.total));
    return (
      <div className="progress" data-testid="job-status">
        <label>
          Downloading the {name} model ({(download.total / 1024).toFixed(0)} kB, cached for offline
          use): {pct}%
          <progress max={download.total} value={download.loaded} />
        </label>
      </div>
    );
  }
  if (chain && status === 'running') return <ChainProgress chain={chain} name={name} />;
  const done = tiles?.done ?? 0;
  const total = tiles?.total ?? 0;
  // the whole run: this model's remaining tiles and every model still to come
  const norms = normsFor(normMode);
  const after = norm ? norms.length - 1 - norms.indexOf(norm) : 0;
  const eta = tiles ? remainingSeconds(tiles, after) : null;
  const left = eta === null ? '' : `, ${aboutDuration(eta)} left${after ? ' for both' : ''}`;
  return (
    <div className="progress" data-testid="job-status" aria-live="polite">
      <label>
        {status === 'loading'
          ? `Loading the ${name} model…`
          : `Restoring with ${name}: tile ${done} of ${total || '…'}${left}`}
        <progress max={total || 1} value={done} data-testid="progress" />
      </label>
    </div>
  );
}
