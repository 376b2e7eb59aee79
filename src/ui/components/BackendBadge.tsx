import { describeChoice, shortDevice } from '../../shared/backend';
import { useAppStore } from '../store';

const NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
};

/** Which backend runs the networks, in a few words; the device and why faster backends were
 * skipped on demand. */
export function BackendBadge() {
  const status = useAppStore((s) => s.backendStatus);
  const report = useAppStore((s) => s.backendReport);
  const error = useAppStore((s) => s.backendError);
  const workers = useAppStore((s) => s.workers);
  if (status === 'failed') {
    return (
      <p className="backend backend--failed" role="alert" data-testid="backend">
        Could not start a compute backend: {error}
      </p>
    );
  }
  if (!report || status === 'starting') {
    return (
      <p className="backend" data-testid="backend" aria-busy="true">
        Looking for a GPU…
      </p>
    );
  }
  const { choice, active } = report;
  const onCpu = active === 'wasm' || active === 'cpu';
  const how = onCpu
    ? `${workers} worker${workers > 1 ? 's' : ''} (one per core)`
    : shortDevice(choice.device);
  return (
    <details className="backend" data-testid="backend" data-backend={active}>
      <summary data-testid="backend-summary">
        {NAMES[active] ?? active} · {how}
      </summary>
      <p>
        <strong data-testid="backend-name">{active}</strong> on{' '}
        <span data-testid="backend-device">{choice.device}</span>
      </p>
      <p data-testid="backend-reason">{describeChoice(choice)}</p>
      {!report.selfCheck && <p role="alert">The backend's self-check returned wrong numbers.</p>}
    </details>
  );
}

/** Shown once the app shell is cached: the models used so far are cached too. */
export function OfflineNote() {
  const ready = useAppStore((s) => s.offlineReady);
  if (!ready) return null;
  return (
    <span
      className="meta"
      data-testid="offline-ready"
      title="The app and the models you have used are cached"
    >
      ✓ works offline
    </span>
  );
}
