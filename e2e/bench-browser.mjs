// The browser half of `npm run bench`: serves dist-harness (cross-origin isolated, so threaded
// WASM is possible), opens it in Debian's Chromium with WebGPU enabled, and times the given
// models on each backend, then (with `pool`) the app's worker pool on WASM, then (with
// `smooth`) the long tasks of the page during a whole run in the app itself (dist/), then (with
// `photo`) a whole run of a big photo in a fresh profile of the app, both norms. Called by
// src/cli/bench.ts with one JSON argument ({ backends, targets, size, tile, runs, pool,
// smooth, tiles }: tiles > 0 also times each of our models on every candidate tile size, the
// best of that many rounds); prints one JSON line of results.
import { ISOLATION_HEADERS, launch, openAppOnWasm, serveDist } from './helpers.mjs';
import { longTasksOfRun } from './long-tasks.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const served = await serveDist('dist-harness', ISOLATION_HEADERS);
const browser = await launch({ webgpu: true });
try {
  await browser.page.goto(served.url);
  await browser.page.waitForFunction(
    () => document.getElementById('status')?.textContent === 'ready',
  );
  const runs = [];
  for (const backend of config.backends) {
    runs.push(
      await browser.page.evaluate(
        ([b, c]) => window.runBench(b, c.targets, c.size, c.tile, c.runs, c.tiles ?? 0),
        [backend, config],
      ),
    );
  }
  const pool = [];
  for (const [workers, threads] of config.pool?.layouts ?? []) {
    const p = config.pool;
    pool.push(
      await browser.page.evaluate(
        ([c, w, t]) => window.runPoolBench(c.url, c.scale, c.size, c.tile, c.runs, w, t),
        [p, workers, threads],
      ),
    );
  }
  if (browser.errors.length) throw new Error(`page errors: ${browser.errors.join('; ')}`);
  let smooth = null;
  if (config.smooth) {
    const app = await openAppOnWasm();
    try {
      smooth = await longTasksOfRun(app.page, config.smooth);
      if (app.browser.errors.length)
        throw new Error(`app errors: ${app.browser.errors.join('; ')}`);
    } finally {
      await app.close();
    }
  }
  let photo = null;
  if (config.photo) {
    // a fresh profile whose tile size is measured, as a new user's is
    const app = await openAppOnWasm({ tile: null });
    try {
      photo = await longTasksOfRun(app.page, config.photo);
      if (app.browser.errors.length)
        throw new Error(`app errors: ${app.browser.errors.join('; ')}`);
    } finally {
      await app.close();
    }
  }
  console.log(JSON.stringify({ runs, pool, smooth, photo }));
} finally {
  await browser.close();
  served.server.close();
}
