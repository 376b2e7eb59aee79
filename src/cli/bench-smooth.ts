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
  runSeconds: number;
}

/** --smooth WxH (or "" for none): a photo denoised with i-LN in the app, as a user would. */
export function smoothConfig(size: string): SmoothConfig | null {
  if (!size) return null;
  const m = /^(\d+)x(\d+)$/.exec(size);
  if (!m) throw new Error(`--smooth: "${size}" is not WIDTHxHEIGHT`);
  return {
    width: Number(m[1]),
    height: Number(m[2]),
    task: 'Denoise',
    variant: 'photo',
    norm: 'i-LN',
  };
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
