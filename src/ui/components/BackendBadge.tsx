import { describeChoice } from '../../shared/backend';
import { useAppStore } from '../store';

/** Which backend runs the networks, on what device, and why faster ones were skipped. */
export function BackendBadge() {
  const status = useAppStore((s) => s.backendStatus);
  const report = useAppStore((s) => s.backendReport);
  const error = useAppStore((s) => s.backendError);
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
  const { choice } = report;
  return (
    <div className="backend" data-testid="backend" data-backend={report.active}>
      <strong data-testid="backend-name">{report.active}</strong>
      <span data-testid="backend-device">{choice.device}</span>
      <p data-testid="backend-reason">{describeChoice(choice)}</p>
      {!report.selfCheck && <p role="alert">The backend's self-check returned wrong numbers.</p>}
    </div>
  );
}
