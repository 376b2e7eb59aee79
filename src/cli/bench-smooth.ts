/** `npm run bench -- --smooth WxH`: the page's long tasks during a whole run in the app. */

/** A whole run in the app (the task and model by their labels there), for its long tasks. */
export interface SmoothConfig {
  width: number;
  height: number;
  task: string;
  variant: 'photo' | 'benchmark';
  norm: string;
}

export interface SmoothRun {
  count: number;
  longestMs: number;
  over100: number;
  /** The whole run, every chosen norm. */
  runSeconds: number;
  /** Of that, the seconds the page's main thread was busy. */
  mainThreadSeconds: number;
  /** What the page estimated before Restore (with the tile size it chose). */
  estimate: string;
}

/** --smooth WxH (or "" for none): a photo denoised with i-LN in the app, as a user would. */
export function smoothConfig(size: string, option = '--smooth'): SmoothConfig | null {
  if (!size) return null;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) throw new Error(`${option}: "${size}" is not WIDTHxHEIGHT`);
  return {
    width: Number(m[1]),
    height: Number(m[2]),
    task: 'Denoise',
    variant: 'photo',
    norm: 'i-LN',
  };
}

/** --photo WxH --task T: a big photo through both norms in a fresh profile of the app (its tile
 * size measured there, as a new user's is), for the time of the run beside the estimate. */
export function photoConfig(size: string, taskLabel: string): SmoothConfig | null {
  const base = smoothConfig(size, '--photo');
  return base && { ...base, task: taskLabel, norm: 'Both, side by side' };
}

export function printPhoto(c: SmoothConfig, r: SmoothRun, workers: number): void {
  const mp = ((c.width * c.height) / 1e6).toFixed(1);
  const tile = /, (\d+)-px tiles\)/.exec(r.estimate)?.[1] ?? '?';
  console.log(
    `\n## A ${c.width}×${c.height} (${mp} MP) photo, ${c.task.toLowerCase()} (${c.variant}), both norms, in a fresh profile of the app on WASM with ${workers} workers\n`,
  );
  console.log('| run s | main thread busy s | tile chosen | estimate shown before the run |');
  console.log('|---|---|---|---|');
  const busy = r.mainThreadSeconds.toFixed(1);
  console.log(
    `| ${r.runSeconds.toFixed(1)} | ${busy} | ${tile} px | ${r.estimate.replace(/\|/g, '/')} |`,
  );
}

export function printSmooth(c: SmoothConfig, r: SmoothRun): void {
  const mp = ((c.width * c.height) / 1e6).toFixed(1);
  console.log(
    `\n## The page during a run in the app: ${c.task.toLowerCase()} (${c.variant}, ${c.norm}) of a ${c.width}×${c.height} (${mp} MP) image on WASM, from Restore until the result is drawn\n`,
  );
  console.log('| run s | long tasks (> 50 ms) | longest ms | tasks over 100 ms |');
  console.log('|---|---|---|---|');
  console.log(`| ${r.runSeconds.toFixed(1)} | ${r.count} | ${r.longestMs} | ${r.over100} |`);
}
