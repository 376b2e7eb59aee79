// A smooth page during long runs (issue 24, item 2): while a 6 MP photo is restored, no task
// holds the main thread for long (the result is drawn as a grid of canvases, a block per task;
// pixel work runs in the workers), and a model's files are downloaded once for all workers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appForTests } from './helpers.mjs';
import { longTasksOfRun } from './long-tasks.mjs';

const requested = new Map();
let page;
appForTests((app) => {
  page = app.page;
  app.served.server.on('request', (req) => {
    const path = new URL(req.url, 'http://x').pathname;
    requested.set(path, (requested.get(path) ?? 0) + 1);
  });
});

test('a 6 MP run never holds the main thread for long', async () => {
  const run = { width: 3000, height: 2000, task: 'Denoise', variant: 'photo', norm: 'i-LN' };
  const tasks = await longTasksOfRun(page, run);
  console.log(`6 MP denoise run: ${JSON.stringify(tasks)}`);
  // the goal is 100 ms (measured: 100 ms beside two training processes); the bound is generous
  // for a loaded machine, where the page shares the cores with the workers, and still fails the
  // one big canvas that came before (501 ms at the first tile, 13 long tasks)
  assert.ok(tasks.longestMs < 300, `the longest main-thread task took ${tasks.longestMs} ms`);
  assert.ok(tasks.over100 <= 4, `${tasks.over100} tasks over 100 ms`);
});

test('the model was downloaded once, for every worker', async () => {
  const workers = Number(
    (await page.getByTestId('stats-iln').innerText()).match(/with (\d+) worker/)[1],
  );
  const weights = [...requested].filter(([p]) => /^\/models\/denoise-photo-iln\/.+\.bin$/.test(p));
  assert.ok(weights.length > 0, 'no weight file was requested');
  for (const [path, n] of weights)
    assert.equal(n, 1, `${path} requested ${n} times by ${workers} workers`);
  assert.equal(requested.get('/models/denoise-photo-iln/model.json'), 1);
  assert.ok(workers >= 2 || (await page.evaluate(() => navigator.hardwareConcurrency)) < 2);
});
