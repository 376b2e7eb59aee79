// The browser half of `npm run bench`: serves dist-harness, opens it in Debian's Chromium with
// WebGPU enabled, and times the given models on each backend. Called by src/cli/bench.ts with one
// JSON argument ({ backends, targets, size, tile, runs }); prints one JSON line of results.
import { launch, serveDist } from './helpers.mjs';

const config = JSON.parse(process.argv[2] ?? '{}');
const served = await serveDist('dist-harness');
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
        ([b, c]) => window.runBench(b, c.targets, c.size, c.tile, c.runs),
        [backend, config],
      ),
    );
  }
  if (browser.errors.length) throw new Error(`page errors: ${browser.errors.join('; ')}`);
  console.log(JSON.stringify({ runs }));
} finally {
  await browser.close();
  served.server.close();
}
