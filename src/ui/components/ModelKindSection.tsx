/** One kind of model of a task (for photos, or the paper's benchmark): its measured numbers LN
 * beside i-LN with the baseline, what it was trained on and for how long, and its curves. */
import { NORM_LABEL } from '../model-choice';
import type { VariantName } from '../../engine/constants';
import {
  stitchedCurve,
  metricRows,
  type Curve,
  type ModelCard,
  type StageRecord,
} from '../model-info';
import { VARIANT_HINTS, VARIANT_LABELS } from '../model-choice';
import { LineChart, NormLegend, type ChartSeries } from './LineChart';

const dB = (v: number | null) => (v === null ? '—' : v.toFixed(2));

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
  return `${NORM_LABEL[card.norm]}: ${(card.params / 1000).toFixed(0)}K parameters, ${Math.round(card.weightsBytes / 1024)} kB; ${steps} steps in ${stages} stage${stages > 1 ? 's' : ''}, ${minutes} min on ${t.hardware}`;
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

/** What a photo model's inputs were made of, from its card (training/photo_chains.py). */
function trainedOn(card: ModelCard): string {
  const data = card.training.data?.map((d) => d.replace('train/', '')).join(', ');
  const recipe = card.training.photoRecipe;
  return recipe
    ? `Trained on ${data}, degraded by the photo recipe "${recipe.name}" (${recipe.source}).`
    : `Trained on ${data}, degraded by the benchmark's one synthetic degradation.`;
}

export function ModelKindSection(props: {
  variant: VariantName;
  ln: ModelCard | null;
  iln: ModelCard | null;
}) {
  const { variant, ln, iln } = props;
  const cards = [ln, iln];
  const any = ln ?? iln;
  if (!any) return null;
  return (
    <section data-testid={`model-kind-${variant}`}>
      <h3>
        {VARIANT_LABELS[variant]}: {VARIANT_HINTS[variant]}
      </h3>
      <p className="meta">{trainedOn(any)}</p>
      <MetricsTable ln={ln} iln={iln} />
      {cards.map(
        (c) =>
          c && (
            <p key={c.norm} className="meta">
              {trainingLine(c)}
            </p>
          ),
      )}
      <NormLegend />
      <div className="charts" data-testid={`model-curves-${variant}`}>
        <LineChart
          title="Validation PSNR while training (dB)"
          xLabel={stepLabel(cards)}
          series={curves(cards, (s) => s.valCurve)}
        />
        <LineChart
          title="Training loss (L1)"
          xLabel={stepLabel(cards)}
          series={curves(cards, (s) => s.lossCurve)}
          log
        />
      </div>
    </section>
  );
}
