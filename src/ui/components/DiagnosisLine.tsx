/** Under the opened image: what it looks like and what to do, from measurements
 * (shared/diagnose), and the button that runs the suggested steps as one run. */
import { runSuggested } from '../chain';
import { useAppStore, useBusy } from '../store';

export function DiagnosisLine() {
  const diagnosis = useAppStore((s) => s.diagnosis);
  const degradeFirst = useAppStore((s) => s.degradeFirst);
  const busy = useBusy();
  if (!diagnosis) return null;
  // the suggestion is for the file as opened, not for a degraded copy of it
  const offer = diagnosis.suggested.length > 0 && !degradeFirst;
  return (
    <div className="diagnosis" data-testid="diagnosis">
      <p>{diagnosis.summary}</p>
      {offer && (
        <button
          type="button"
          className="primary"
          onClick={() => void runSuggested()}
          disabled={busy}
          data-testid="run-suggested"
          title="Runs the suggested steps in order, the result of each the input of the next. Rain cannot be measured this way: for rain, choose Derain."
        >
          Restore as suggested
        </button>
      )}
    </div>
  );
}
