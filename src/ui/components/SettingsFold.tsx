/** The image and task panels. On a phone they fold to one summary line once an image is
 * restored, so the result is what the screen shows; a tap on the line opens them again. On a
 * wider screen they are always open (the summary line is hidden). */
import { useEffect, useState, type ReactNode } from 'react';
import { stepNames } from '../../shared/diagnose/diagnose';
import { NARROW_QUERY, useMediaQuery } from '../media';
import { NORM_LABEL } from '../model-choice';
import { useAppStore } from '../store';
import type { RunResult } from '../store/job-slice';

export function SettingsFold({ children }: { children: ReactNode }) {
  const narrow = useMediaQuery(NARROW_QUERY);
  const restored = useAppStore((s) => Object.keys(s.results).length > 0);
  const [open, setOpen] = useState(true);
  // a new result folds the settings, a new image (no results) opens them
  useEffect(() => setOpen(!restored), [restored]);
  const folded = narrow && restored;
  return (
    <details
      className="settings"
      open={!folded || open}
      onToggle={(e) => folded && setOpen(e.currentTarget.open)}
    >
      <summary className="settings__summary" hidden={!folded} data-testid="settings-summary">
        <SummaryLine />
      </summary>
      <div className="app__controls">{children}</div>
    </details>
  );
}

/** "cat.jpg · ×2 · i-LN and LN" (the chain's steps after Restore as suggested; the
 * benchmark model named, the photo model being the default). */
function SummaryLine() {
  const name = useAppStore((s) => s.original?.name ?? 'the image');
  const task = useAppStore((s) => s.task);
  const first: RunResult | undefined = useAppStore((s) => s.results.iln ?? s.results.ln);
  // a string, not a new array each time (a selector must return a stable value)
  const norms = useAppStore((s) =>
    (['iln', 'ln'] as const)
      .filter((n) => s.results[n])
      .map((n) => NORM_LABEL[n])
      .join(' and '),
  );
  // the short names (×2, JPEG artifacts): the line has a phone's width
  const steps = stepNames(first?.steps ?? [task]);
  const kind = first?.variant === 'benchmark' ? ' (benchmark model)' : '';
  return (
    <>
      <span className="settings__line">
        {name} · {steps}
        {kind} · {norms}
      </span>
      <span className="settings__open">Settings</span>
    </>
  );
}
