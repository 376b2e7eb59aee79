/** How a run ended, returned to whoever started it (a click, the queue, a chain): done,
 * cancelled or failed, with a sentence for the user when it failed and the results it made. */
import type { RunResult } from './store/job-slice';

export interface RunOutcome {
  status: 'done' | 'cancelled' | 'failed';
  /** Why it failed or was refused, as the user reads it. */
  message?: string;
  /** The results made before it ended (all of them when done). */
  results: RunResult[];
}

export const BUSY_MESSAGE = 'A restore is already running: wait for it to finish or cancel it.';
export const NO_IMAGE_MESSAGE = 'Open an image first.';

/** A run that did not start (the page's state is left as it is). */
export function refused(message: string): RunOutcome {
  return { status: 'failed', message, results: [] };
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** An allocation the browser could not make (Chromium: "Array buffer allocation failed",
 * Firefox: "out of memory", a typed array over the engine's limit), not any RangeError. */
export function isAllocationFailure(e: unknown): boolean {
  return (
    e instanceof RangeError &&
    /allocation failed|out of memory|invalid (typed )?array length/i.test(e.message)
  );
}

/** The sentence for a failed run; `resultMB` is the size of the result it was making. */
export function failureMessage(e: unknown, resultMB: number): string {
  if (isAllocationFailure(e))
    return `This browser could not hold the ${resultMB} MB result in memory. Downscale the image (or close other tabs) and try again.`;
  return e instanceof Error ? e.message : String(e);
}

/** Runs `work`, keeping each result it adds, and says how it ended. */
export async function outcomeOf(
  work: (add: (r: RunResult) => void) => Promise<void>,
  resultMB: () => number,
): Promise<RunOutcome> {
  const results: RunResult[] = [];
  try {
    await work((r) => results.push(r));
    return { status: 'done', results };
  } catch (e) {
    if (isAbort(e)) return { status: 'cancelled', results };
    return { status: 'failed', message: failureMessage(e, resultMB()), results };
  }
}
