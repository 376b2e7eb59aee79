/** Per-layer feature magnitude (log scale) and channel entropy, LN and i-LN as two lines. */
import type { LayerStats } from '../../shared/protocol';
import { runDiagnostics } from '../diagnostics';
import { useAppStore } from '../store';
import { LineChart, NormLegend, type ChartSeries } from './LineChart';

/** One point per Transformer layer (1…n), one series per norm that was measured. */
const series = (
  stats: Partial<Record<'ln' | 'iln', LayerStats[]>>,
  pick: (s: LayerStats) => number,
): ChartSeries[] =>
  (['ln', 'iln'] as const)
    .filter((n) => stats[n])
    .map((n) => ({
      name: n,
      points: stats[n]!.map((s, i): [number, number] => [i + 1, pick(s)]),
      dots: true,
    }));

export function DiagnosticsPanel() {
  const source = useAppStore((s) => s.source);
  const status = useAppStore((s) => s.diagStatus);
  const stats = useAppStore((s) => s.diagStats);
  const crop = useAppStore((s) => s.diagCrop);
  const error = useAppStore((s) => s.diagError);
  const task = useAppStore((s) => s.task);
  return (
    <details className="panel diagnostics science" data-testid="inside-the-network">
      <summary>
        <h2 id="diag-title">Inside the network: LN vs i-LN</h2>
        <span className="hint">The paper's Figure 1, measured on your image.</span>
      </summary>
      <p className="hint">
        Per Transformer layer, how large the features grow (mean square, log scale) and how evenly
        their energy spreads over channels (entropy; low means a few channels carry everything).
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
        <NormLegend />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {status === 'done' && (
        <>
          <div className="charts" data-testid="diagnostics">
            <LineChart
              title="Mean-square feature magnitude"
              xLabel="Transformer layer"
              series={series(stats, (s) => s.meanSquare)}
              log
            />
            <LineChart
              title="Channel-wise entropy (nats)"
              xLabel="Transformer layer"
              series={series(stats, (s) => s.channelEntropy)}
            />
          </div>
          <p className="meta">
            Measured on the central {crop?.width}×{crop?.height} pixels of the input.
          </p>
        </>
      )}
    </details>
  );
}
