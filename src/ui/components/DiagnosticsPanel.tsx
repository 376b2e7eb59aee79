/** Per-layer feature magnitude (log scale) and channel entropy, LN and i-LN as two lines. */
import type { LayerStats } from '../../shared/protocol';
import { runDiagnostics } from '../diagnostics';
import { useAppStore } from '../store';

const W = 320;
const H = 180;
const PAD = { l: 48, r: 10, t: 22, b: 28 };
const COLORS = { ln: '#e0702a', iln: '#2f6fdb' } as const;

interface Series {
  name: 'ln' | 'iln';
  values: number[];
}

function Chart({ title, series, log }: { title: string; series: Series[]; log: boolean }) {
  const all = series
    .flatMap((s) => s.values)
    .map((v) => (log ? Math.log10(Math.max(v, 1e-12)) : v));
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  const n = Math.max(...series.map((s) => s.values.length));
  const x = (i: number) =>
    PAD.l + (n > 1 ? (i / (n - 1)) * (W - PAD.l - PAD.r) : (W - PAD.l - PAD.r) / 2);
  const y = (v: number) =>
    PAD.t +
    (1 - ((log ? Math.log10(Math.max(v, 1e-12)) : v) - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
  const tick = (v: number) => (log ? (10 ** v).toPrecision(2) : v.toFixed(2));
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title} className="chart">
      <text x={PAD.l} y={14} className="chart__title">
        {title}
      </text>
      <line
        x1={PAD.l}
        y1={H - PAD.b}
        x2={W - PAD.r}
        y2={H - PAD.b}
        stroke="currentColor"
        opacity={0.4}
      />
      <line x1={PAD.l} y1={PAD.t} x2={PAD.l} y2={H - PAD.b} stroke="currentColor" opacity={0.4} />
      <text x={PAD.l - 4} y={PAD.t + 4} textAnchor="end" className="chart__tick">
        {tick(hi)}
      </text>
      <text x={PAD.l - 4} y={H - PAD.b} textAnchor="end" className="chart__tick">
        {tick(lo)}
      </text>
      <text x={(W + PAD.l) / 2} y={H - 6} textAnchor="middle" className="chart__tick">
        Transformer layer (1–{n})
      </text>
      {series.map((s) => (
        <g key={s.name} data-series={s.name}>
          <polyline
            fill="none"
            stroke={COLORS[s.name]}
            strokeWidth={2}
            points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')}
          />
          {s.values.map((v, i) => (
            <circle
              key={i}
              cx={x(i)}
              cy={y(v)}
              r={3}
              fill={COLORS[s.name]}
              className="chart__point"
            />
          ))}
        </g>
      ))}
    </svg>
  );
}

const series = (
  stats: Partial<Record<'ln' | 'iln', LayerStats[]>>,
  pick: (s: LayerStats) => number,
): Series[] =>
  (['ln', 'iln'] as const)
    .filter((n) => stats[n])
    .map((n) => ({ name: n, values: stats[n]!.map(pick) }));

export function DiagnosticsPanel() {
  const source = useAppStore((s) => s.source);
  const status = useAppStore((s) => s.diagStatus);
  const stats = useAppStore((s) => s.diagStats);
  const crop = useAppStore((s) => s.diagCrop);
  const error = useAppStore((s) => s.diagError);
  const task = useAppStore((s) => s.task);
  return (
    <section className="panel diagnostics" aria-labelledby="diag-title">
      <h2 id="diag-title">Inside the network: LN vs i-LN</h2>
      <p className="hint">
        The paper's Figure 1 on your image: per Transformer layer, how large the features grow (mean
        square, log scale) and how evenly their energy spreads over channels (entropy; low means a
        few channels carry everything).
      </p>
      <div className="row">
        <button
          type="button"
          disabled={!source || status === 'running'}
          onClick={() => void runDiagnostics()}
          data-testid="diagnose"
        >
          {status === 'running' ? 'Measuring…' : `Measure ${task} features`}
        </button>
        <span className="legend">
          <span style={{ color: COLORS.ln }}>● LN</span>{' '}
          <span style={{ color: COLORS.iln }}>● i-LN</span>
        </span>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status === 'done' && (
        <>
          <div className="charts" data-testid="diagnostics">
            <Chart
              title="Mean-square feature magnitude"
              series={series(stats, (s) => s.meanSquare)}
              log
            />
            <Chart
              title="Channel-wise entropy (nats)"
              series={series(stats, (s) => s.channelEntropy)}
              log={false}
            />
          </div>
          <p className="meta">
            Measured on the central {crop?.width}×{crop?.height} pixels of the input.
          </p>
        </>
      )}
    </section>
  );
}
