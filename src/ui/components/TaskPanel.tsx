/** What to do: the task, the kind of model (for photos or the paper's benchmark), the
 * normalization, the optional degradation, and Run / Cancel. */
import { useEffect, useRef, type RefObject } from 'react';
import { TASKS, type TaskName, type VariantName } from '../../engine/constants';
import { TASK_INFO } from '../../engine/tasks';
import { chooseTask, chooseVariant, setDegradeFirst, updateDegrade } from '../actions';
import { PHOTO_CASES } from '../image/degrade';
import {
  NORM_LABEL,
  shipsModels,
  VARIANT_HINTS,
  VARIANT_LABELS,
  variantFor,
  variantsOf,
} from '../model-choice';
import { restoreButton } from '../focus-targets';
import { cancelRestore, runRestore } from '../run';
import { useAppStore, useBusy } from '../store';
import { RadioChoices } from './RadioChoices';
import { normsFor, type NormMode } from '../store/settings-slice';
import { RunEstimate } from './RunEstimate';
import { sizeProblem } from '../image/limits';

/** Restore disables itself when a run starts, which drops the keyboard focus to the page: it
 * moves to Cancel for the run, and back to Restore when the run ends (unless the user has
 * moved it elsewhere meanwhile). */
function useRunFocus(
  busy: boolean,
  run: RefObject<HTMLButtonElement | null>,
  cancel: RefObject<HTMLButtonElement | null>,
) {
  const was = useRef(busy);
  useEffect(() => {
    const lost = () => {
      const a = document.activeElement;
      return !a || a === document.body || a === run.current || a === cancel.current;
    };
    if (busy && !was.current && lost()) cancel.current?.focus();
    if (!busy && was.current && lost()) run.current?.focus();
    was.current = busy;
  }, [busy, run, cancel]);
}

const NORM_LABELS: Record<NormMode, string> = { ...NORM_LABEL, both: 'Both, side by side' };

function degradationLabel(task: TaskName, variant: VariantName, sigma: number, quality: number) {
  const scale = TASK_INFO[task].scale;
  const photo = variant === 'photo' ? PHOTO_CASES[task] : undefined;
  if (photo && scale > 1)
    return `a thumbnail (bicubic ÷${scale}, then JPEG at quality ${photo.quality})`;
  if (photo?.rain) return `synthetic rain streaks, then JPEG at quality ${photo.quality}`;
  if (photo) return `noise σ=${photo.sigma}, then JPEG at quality ${photo.quality}`;
  if (scale > 1) return `bicubic downscale ÷${scale}`;
  if (task === 'denoise') return `Gaussian noise σ=${sigma}`;
  if (task === 'dejpeg') return `JPEG at quality ${quality}`;
  return 'synthetic rain streaks';
}

/** The active kind of model for the chosen task (what runs). */
function useVariant(): VariantName {
  const available = useAppStore((s) => s.availableModels);
  const task = useAppStore((s) => s.task);
  const preferred = useAppStore((s) => s.variant);
  return variantFor(available, task, preferred);
}

function VariantChoice() {
  const available = useAppStore((s) => s.availableModels);
  const task = useAppStore((s) => s.task);
  const busy = useBusy();
  const variant = useVariant();
  const offered = variantsOf(available, task);
  if (offered.length === 1)
    return (
      <p className="hint">
        {TASK_INFO[task].label}: the benchmark model only (no photo model yet).
      </p>
    );
  return (
    <RadioChoices
      name="variant"
      label="Model"
      showLabel
      value={variant}
      disabled={busy}
      onChange={(v) => void chooseVariant(v)}
      choices={offered.map((v) => ({
        value: v,
        label: VARIANT_LABELS[v],
        title: VARIANT_HINTS[v],
        testId: `variant-${v}`,
      }))}
    />
  );
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
  const variant = useVariant();
  const what = degradationLabel(task, variant, sigma, quality);
  const tunable = degradeFirst && variant === 'benchmark';
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
      {tunable && task === 'denoise' && (
        <RangeSetting
          label="Noise σ"
          value={sigma}
          min={5}
          max={50}
          step={5}
          onChange={(v) => void updateDegrade({ sigma: v })}
        />
      )}
      {tunable && task === 'dejpeg' && (
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
  const backendReady = useAppStore((s) => s.backendStatus === 'ready');
  const preferred = useAppStore((s) => s.variant);
  const busy = useBusy();
  const cancelButton = useRef<HTMLButtonElement>(null);
  useRunFocus(busy, restoreButton, cancelButton);
  const hasModels = (t: TaskName, mode: NormMode) =>
    shipsModels(available, t, normsFor(mode), variantFor(available, t, preferred));
  const tooBig = !!source && !!sizeProblem(task, source.width, source.height);
  const ready = source && backendReady && hasModels(task, normMode) && !busy && !tooBig;
  return (
    <section className="panel" aria-labelledby="task-title">
      <h2 id="task-title">2. Task</h2>
      <RadioChoices
        name="task"
        label="Task"
        value={task}
        disabled={busy}
        onChange={(t) => void chooseTask(t)}
        choices={TASKS.map((t) => {
          const trained = hasModels(t, 'iln') || hasModels(t, 'ln');
          return {
            value: t,
            className: trained ? '' : 'unavailable',
            label: (
              <>
                {TASK_INFO[t].label}
                {!trained && <small> (not trained yet)</small>}
              </>
            ),
          };
        })}
      />
      <VariantChoice />
      <RadioChoices
        name="norm"
        label="Normalization"
        showLabel
        value={normMode}
        disabled={busy}
        onChange={setNormMode}
        choices={(Object.keys(NORM_LABELS) as NormMode[]).map((m) => ({
          value: m,
          label: NORM_LABELS[m],
        }))}
      />
      <DegradeOptions />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!ready}
          onClick={() => void runRestore()}
          ref={restoreButton}
          data-testid="run"
        >
          Restore
        </button>
        <button
          type="button"
          disabled={!busy}
          onClick={cancelRestore}
          ref={cancelButton}
          data-testid="cancel"
        >
          Cancel
        </button>
        {tooBig ? (
          <span className="hint" data-testid="run-blocked">
            Too large for {TASK_INFO[task].label}: downscale it first (1. Image).
          </span>
        ) : (
          ready && <RunEstimate />
        )}
        {!hasModels(task, normMode) && (
          <span className="hint">
            No trained {NORM_LABELS[normMode]} model for this task ships yet.
          </span>
        )}
      </div>
    </section>
  );
}
