// The page's main thread during a restore (issue 24: no task over 100 ms while a run goes on):
// a PerformanceObserver for long tasks (over 50 ms) installed when Restore is pressed, read once
// the result is shown. Used by smooth.e2e.mjs (a bound) and by npm run bench (the numbers).
import { dropFile, makePng } from './helpers.mjs';

/** Restores a synthetic width×height image in the open app (task, model and norms by their
 * labels) and returns the long tasks from pressing Restore until the result is on screen, the
 * seconds of the whole run (every chosen norm), the seconds the page's main thread was busy in
 * that time (Chromium's TaskDuration) and the estimate shown before it. */
export async function longTasksOfRun(page, { width, height, task, variant, norm }) {
  await page.getByLabel(task, { exact: true }).check();
  await page.getByTestId(`variant-${variant}`).check();
  await page.getByLabel(norm, { exact: true }).check();
  const name = `smooth-${width}x${height}.png`;
  await dropFile(page, name, makePng(width, height));
  await page
    .getByTestId('source-info')
    .filter({ hasText: `${name}: ${width}×${height}` })
    .waitFor();
  const estimate = page
    .getByTestId('estimate')
    .filter({ hasText: /^(Expected time|This will take)/ });
  await estimate.waitFor({ timeout: 600_000 });
  const estimateText = await estimate.innerText();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const busyBefore = await busy();
  await page.evaluate(() => {
    window.__longTasks = [];
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    });
    window.__longTaskObserver.observe({ type: 'longtask' });
    window.__runStarted = performance.now();
  });
  await page.getByTestId('run').click();
  await page.locator('[data-testid^="result-"]').first().waitFor({ timeout: 1_200_000 });
  // the whole run: every chosen norm (the bar goes when the last one ends)
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="job-status"] progress'),
    null,
    { timeout: 1_200_000 },
  );
  const runSeconds = await page.evaluate(() => (performance.now() - window.__runStarted) / 1000);
  const mainThreadSeconds = (await busy()) - busyBefore;
  await page.waitForTimeout(1000); // the result's canvas is drawn a slice per task after it shows
  const tasks = await page.evaluate(() => {
    window.__longTaskObserver.disconnect();
    const tasks = window.__longTasks;
    return {
      count: tasks.length,
      longestMs: Math.round(Math.max(0, ...tasks)),
      over100: tasks.filter((d) => d > 100).length,
    };
  });
  return { ...tasks, runSeconds, mainThreadSeconds, estimate: estimateText };
}
