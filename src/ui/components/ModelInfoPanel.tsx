/** What the models of the chosen task are: their measured numbers LN beside i-LN (with the
 * baseline), how they were trained, their training curves, and LN against i-LN over seeds where
 * the seed study covers the task, so the paper's claim can be judged here. */
import { useEffect, useState } from 'react';
import type { NormName } from '../../engine/constants';
import { TASK_INFO } from '../../engine/tasks';
import {
  fetchCard,
  fetchSeedStudy,
  metricRows,
  seedCurve,
  stitchedCurve,
  type Curve,
  type ModelCard,
  type SeedStudy,
  type StageRecord,
} from '../model-info';
import { useAppStore } from '../store';
import { LineChart, NormLegend, type ChartSeries } from './LineChart';

const LABEL: Record<NormName, string> = { ln: 'LN', iln: 'i-LN' };
const dB = (v: number | null) => (v === null ? '—' : v.toFixed(2));

function useInfo(task: string) {
  const [info, setInfo] = useState<{
    ln: ModelCard | null;
    iln: ModelCard | null;
    study: SeedStudy | null;
  } | null>(null);
  useEffect(() => {
    let live = true;
    setInfo(null);
    void Promise.all([fetchCard(task, 'ln'), fetchCard(task, 'iln'), fetchSeedStudy()]).then(
      ([ln, iln, study]) => live && setInfo({ ln, iln, study }),
    );
    return () => {
      live = false;
    };
  }, [task]);
  return info;
}

function MetricsTable({ ln, iln }: { ln: ModelCard | null; iln: ModelCard | null }) {
  const rows = metricRows(ln, iln);
  if (!rows.length) return <p className="hint">No measured numbers ship with these models.</p>;
  return (
    <table className="numbers" data-testid="model-metrics">
      <thead>
        <tr>
          <th>set</th>
          <th>setting</th>
          <th>baseline</th>
          <th>LN</th>
          <th>i-LN</th>
          <th>i-LN − LN</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.set}|${r.setting}`}>
            <td>{r.set}</td>
            <td>{r.setting === 'input=clean' ? 'clean input, vs itself' : r.setting || '—'}</td>
            <td>{dB(r.baseline)}</td>
            <td>{dB(r.ln)}</td>
            <td>{dB(r.iln)}</td>
            <td>{r.ln !== null && r.iln !== null ? (r.iln - r.ln).toFixed(2) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function trainingLine(card: ModelCard): string {
  const t = card.training;
  const steps = t.totalSteps ?? t.steps;
  const minutes = Math.round((t.totalWallTimeS ?? t.wallTimeS) / 60);
  const stages = (t.earlierStages?.length ?? 0) + 1;
  return `${LABEL[card.norm]}: ${(card.params / 1000).toFixed(0)}K parameters, ${Math.round(card.weightsBytes / 1024)} kB; ${steps} steps in ${stages} stage${stages > 1 ? 's' : ''}, ${minutes} min on ${t.hardware}`;
}

function curves(cards: (ModelCard | null)[], pick: (s: StageRecord) => Curve | undefined) {
  return cards
    .filter((c): c is ModelCard => !!c)
    .map((c): ChartSeries => ({ name: c.norm, points: stitchedCurve(c.training, pick).points }))
    .filter((s) => s.points.length > 0);
}

/** "step (all 3 stages)" when every stage's curve is drawn, else "step (last stage)". */
function stepLabel(cards: (ModelCard | null)[]): string {
  const longest = cards
    .filter((c): c is ModelCard => !!c)
    .map((c) => c.training)
    .sort((a, b) => (b.earlierStages?.length ?? 0) - (a.earlierStages?.length ?? 0))[0];
  const stages = (longest?.earlierStages?.length ?? 0) + 1;
  if (!longest || stages === 1) return 'step';
  return stitchedCurve(longest, (s) => s.lossCurve).allStages
    ? `step (all ${stages} stages)`
    : 'step (last stage)';
}

function SeedStudySection({ study, task }: { study: SeedStudy; task: string }) {
  const rows = study.summary.filter((r) => r.task === task);
  if (!rows.length) return null;
  const series = (['ln', 'iln'] as const).flatMap((norm): ChartSeries[] => {
    const c = seedCurve(study.runs, task, norm);
    if (!c) return [];
    return [
      {
        name: norm,
        points: c.map((p) => [p.step, p.mean]),
        band: c.map((p) => [p.step, p.mean - p.sd, p.mean + p.sd]),
      },
    ];
  });
  return (
    <div data-testid="seed-study">
      <h3>LN against i-LN over {rows[0]!.seeds} seeds (short schedule)</h3>
      <table className="numbers">
        <thead>
          <tr>
            <th>set</th>
            <th>LN</th>
            <th>i-LN</th>
            <th>gap (i-LN − LN)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.set}>
              <td>{r.set}</td>
              <td>
                {r.lnMean.toFixed(2)} ± {r.lnStd.toFixed(2)}
              </td>
              <td>
                {r.ilnMean.toFixed(2)} ± {r.ilnStd.toFixed(2)}
              </td>
              <td>
                {r.gap >= 0 ? '+' : ''}
                {r.gap.toFixed(2)} ± {r.gapStdErr.toFixed(2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        Mean ± standard deviation over the seeds; the gap ± its standard error. A gap within about
        twice its standard error could be chance.
      </p>
      <LineChart title="Validation PSNR (dB), mean ± sd" xLabel="step" series={series} />
    </div>
  );
}

export function ModelInfoPanel() {
  const task = useAppStore((s) => s.task);
  const info = useInfo(task);
  return (
    <details className="panel model-info" data-testid="model-info">
      <summary>
        <h2>The {TASK_INFO[task].label} models: LN beside i-LN</h2>
      </summary>
      {!info ? (
        <p className="hint">Loading the model cards…</p>
      ) : !info.ln && !info.iln ? (
        <p className="hint">The model cards are not available (offline, or not trained yet).</p>
      ) : (
        <>
          <p className="meta">
            PSNR in dB, measured by <code>python -m training.evaluate</code> on the standard
            benchmark sets (the same numbers as <code>npm run eval</code>).
          </p>
          <MetricsTable ln={info.ln} iln={info.iln} />
          {[info.ln, info.iln].map(
            (c) =>
              c && (
                <p key={c.norm} className="meta">
                  {trainingLine(c)}
                </p>
              ),
          )}
          <NormLegend />
          <div className="charts" data-testid="model-curves">
            <LineChart
              title="Validation PSNR while training (dB)"
              xLabel={stepLabel([info.ln, info.iln])}
              series={curves([info.ln, info.iln], (s) => s.valCurve)}
            />
            <LineChart
              title="Training loss (L1)"
              xLabel={stepLabel([info.ln, info.iln])}
              series={curves([info.ln, info.iln], (s) => s.lossCurve)}
              log
            />
          </div>
          {info.study && <SeedStudySection study={info.study} task={task} />}
        </>
      )}
    </details>
  );
}
