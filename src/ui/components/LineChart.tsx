/** A small SVG line chart: LN and i-LN as two series over a shared x axis, optionally on a log
 * y axis, with a shaded band (e.g. mean ± standard deviation over seeds) per series. */
const W = 320;
const H = 180;
const PAD = { l: 48, r: 10, t: 22, b: 30 };
// both at least 4.5:1 on white (WCAG AA for the legend's text)
export const NORM_COLORS = { ln: '#b5530f', iln: '#2f6fdb' } as const;

export interface ChartSeries {
  name: 'ln' | 'iln';
  /** [x, y] points in x order */
  points: [number, number][];
  /** [x, low, high] per point, drawn as a translucent band */
  band?: [number, number, number][];
  /** draw a dot on every point (few points, e.g. one per layer) */
  dots?: boolean;
}

function range(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (hi - lo < 1e-9) [lo, hi] = [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

export function LineChart({
  title,
  xLabel,
  series,
  log = false,
}: {
  title: string;
  xLabel: string;
  series: ChartSeries[];
  log?: boolean;
}) {
  const f = (v: number) => (log ? Math.log10(Math.max(v, 1e-12)) : v);
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => [
    ...s.points.map((p) => f(p[1])),
    ...(s.band ?? []).flatMap((b) => [f(b[1]), f(b[2])]),
  ]);
  if (!xs.length) return null;
  const [x0, x1] = range(xs);
  const [lo, hi] = range(ys);
  const x = (v: number) => PAD.l + ((v - x0) / (x1 - x0)) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (f(v) - lo) / (hi - lo)) * (H - PAD.t - PAD.b);
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
        {xLabel}
      </text>
      <text x={PAD.l} y={H - PAD.b + 12} textAnchor="start" className="chart__tick">
        {x0}
      </text>
      <text x={W - PAD.r} y={H - PAD.b + 12} textAnchor="end" className="chart__tick">
        {x1}
      </text>
      {series.map((s) => (
        <g key={s.name} data-series={s.name}>
          {s.band && (
            <polygon
              fill={NORM_COLORS[s.name]}
              opacity={0.2}
              points={[
                ...s.band.map((b) => `${x(b[0])},${y(b[2])}`),
                ...[...s.band].reverse().map((b) => `${x(b[0])},${y(b[1])}`),
              ].join(' ')}
            />
          )}
          <polyline
            fill="none"
            stroke={NORM_COLORS[s.name]}
            strokeWidth={2}
            points={s.points.map((p) => `${x(p[0])},${y(p[1])}`).join(' ')}
          />
          {s.dots &&
            s.points.map((p, i) => (
              <circle key={i} cx={x(p[0])} cy={y(p[1])} r={3} fill={NORM_COLORS[s.name]} />
            ))}
        </g>
      ))}
    </svg>
  );
}

export function NormLegend() {
  return (
    <span className="legend">
      <span style={{ color: NORM_COLORS.ln }}>● LN</span>{' '}
      <span style={{ color: NORM_COLORS.iln }}>● i-LN</span>
    </span>
  );
}
