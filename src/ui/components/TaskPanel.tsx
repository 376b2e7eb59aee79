/** What to do: the task, the normalization, the optional degradation, and Run / Cancel. */
import { TASKS, type TaskName } from '../../engine/constants';
import { TASK_INFO } from '../../engine/tasks';
import { chooseTask, setDegradeFirst, updateDegrade } from '../actions';
import { cancelRestore, normsFor, runRestore } from '../run';
import { useAppStore } from '../store';
import type { NormMode } from '../store/settings-slice';

const NORM_LABELS: Record<NormMode, string> = { iln: 'i-LN', ln: 'LN', both: 'Both, side by side' };

function degradationLabel(task: TaskName, sigma: number, quality: number): string {
  const scale = TASK_INFO[task].scale;
  if (scale > 1) return `bicubic downscale ÷${scale}`;
  if (task === 'denoise') return `Gaussian noise σ=${sigma}`;
  if (task === 'dejpeg') return `JPEG at quality ${quality}`;
  return 'synthetic rain streaks';
}

function RangeSetting(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
}) {
  const { label, value, onChange, ...range } = props;
  return (
    <label>
      {label} {value}
      <input
        type="range"
        {...range}
        value={value}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );
}

function DegradeOptions() {
  const task = useAppStore((s) => s.task);
  const degradeFirst = useAppStore((s) => s.degradeFirst);
  const sigma = useAppStore((s) => s.degrade.sigma);
  const quality = useAppStore((s) => s.degrade.quality);
  const what = degradationLabel(task, sigma, quality);
  return (
    <fieldset className="degrade">
      <legend>Degrade it first</legend>
      <label>
        <input
          type="checkbox"
          checked={degradeFirst}
          onChange={(e) => void setDegradeFirst(e.target.checked)}
          data-testid="degrade-first"
        />
        Apply {what} to a clean image, then restore it and score against the original
      </label>
      {degradeFirst && task === 'denoise' && (
        <RangeSetting
          label="Noise σ"
          value={sigma}
          min={5}
          max={50}
          step={5}
          onChange={(v) => void updateDegrade({ sigma: v })}
        />
      )}
      {degradeFirst && task === 'dejpeg' && (
        <RangeSetting
          label="JPEG quality"
          value={quality}
          min={10}
          max={90}
          step={10}
          onChange={(v) => void updateDegrade({ quality: v })}
        />
      )}
    </fieldset>
  );
}

export function TaskPanel() {
  const task = useAppStore((s) => s.task);
  const normMode = useAppStore((s) => s.normMode);
  const setNormMode = useAppStore((s) => s.setNormMode);
  const available = useAppStore((s) => s.availableModels);
  const source = useAppStore((s) => s.source);
  const jobStatus = useAppStore((s) => s.jobStatus);
  const backendReady = useAppStore((s) => s.backendStatus === 'ready');
  const busy = jobStatus === 'loading' || jobStatus === 'running';
  const hasModels = (t: TaskName, mode: NormMode) =>
    normsFor(mode).every((n) => available.includes(`${t}-${n}`));
  const ready = source && backendReady && hasModels(task, normMode) && !busy;
  return (
    <section className="panel" aria-labelledby="task-title">
      <h2 id="task-title">2. Task</h2>
      <div className="choices" role="radiogroup" aria-label="Task">
        {TASKS.map((t) => (
          <label key={t} className={hasModels(t, 'iln') || hasModels(t, 'ln') ? '' : 'unavailable'}>
            <input
              type="radio"
              name="task"
              value={t}
              checked={task === t}
              disabled={busy}
              onChange={() => void chooseTask(t)}
            />
            {TASK_INFO[t].label}
            {!(hasModels(t, 'iln') || hasModels(t, 'ln')) && <small> (not trained yet)</small>}
          </label>
        ))}
      </div>
      <div className="choices" role="radiogroup" aria-label="Normalization">
        {(Object.keys(NORM_LABELS) as NormMode[]).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="norm"
              value={m}
              checked={normMode === m}
              disabled={busy}
              onChange={() => setNormMode(m)}
            />
            {NORM_LABELS[m]}
          </label>
        ))}
      </div>
      <DegradeOptions />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!ready}
          onClick={() => void runRestore()}
          data-testid="run"
        >
          Restore
        </button>
        <button type="button" disabled={!busy} onClick={cancelRestore} data-testid="cancel">
          Cancel
        </button>
        {!hasModels(task, normMode) && (
          <span className="hint">
            No trained {NORM_LABELS[normMode]} model for this task ships yet.
          </span>
        )}
      </div>
    </section>
  );
}
