/** What the models of the chosen task are, for each kind (for photos, the paper's benchmark):
 * their measured numbers LN beside i-LN (with the baseline), what they were trained on and how
 * long, their training curves, and LN against i-LN over seeds where the seed study covers the
 * task, so the paper's claim can be judged here. */
import { useEffect, useState } from 'react';
import { VARIANTS, type VariantName } from '../../engine/constants';
import { TASK_INFO } from '../../engine/tasks';
import {
  fetchCard,
  fetchSeedStudy,
  seedCurve,
  type ModelCard,
  type SeedStudy,
} from '../model-info';
import { useAppStore } from '../store';
import { LineChart, type ChartSeries } from './LineChart';
import { ModelKindSection } from './ModelKindSection';

type Cards = Record<VariantName, { ln: ModelCard | null; iln: ModelCard | null }>;

function useInfo(task: string) {
  const [info, setInfo] = useState<{ cards: Cards; study: SeedStudy | null } | null>(null);
  useEffect(() => {
    let live = true;
    setInfo(null);
    const pair = (v: VariantName) =>
      Promise.all([fetchCard(task, 'ln', v), fetchCard(task, 'iln', v)]).then(([ln, iln]) => ({
        ln,
        iln,
      }));
    void Promise.all([pair('photo'), pair('benchmark'), fetchSeedStudy()]).then(
      ([photo, benchmark, study]) => live && setInfo({ cards: { photo, benchmark }, study }),
    );
    return () => {
      live = false;
    };
  }, [task]);
  return info;
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
  const shipped = info ? VARIANTS.filter((v) => info.cards[v].ln || info.cards[v].iln) : [];
  return (
    <details className="panel model-info science" data-testid="model-info">
      <summary>
        <h2>The {TASK_INFO[task].label} models: LN beside i-LN</h2>
        <span className="hint">How each was trained and what it scores, both norms.</span>
      </summary>
      {!info ? (
        <p className="hint">Loading the model cards…</p>
      ) : !shipped.length ? (
        <p className="hint">The model cards are not available (offline, or not trained yet).</p>
      ) : (
        <>
          <p className="meta">
            PSNR in dB, measured by <code>python -m training.evaluate</code> (the same numbers as{' '}
            <code>npm run eval</code>): photo models on photo-like cases and real pairs, benchmark
            models on the standard benchmark sets.
          </p>
          {shipped.map((v) => (
            <ModelKindSection key={v} variant={v} {...info.cards[v]} />
          ))}
          {info.study && <SeedStudySection study={info.study} task={task} />}
        </>
      )}
    </details>
  );
}
