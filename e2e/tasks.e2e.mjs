// Every task this build ships, run with i-LN in the real app (wasm backend, a small crop of a
// sample image): "degrade it first" applies the task's own degradation, and the restored result
// must have the right size and score better against the original than the degraded input does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { appForTests, dropFile, psnrRgb, shoot } from './helpers.mjs';

const SCALE = { 'sr-x2': 2, 'sr-x4': 4, denoise: 1, dejpeg: 1, derain: 1 };
const { models } = JSON.parse(readFileSync('dist/models/index.json', 'utf8'));
const shipped = models.map((m) => m.name);
const tasks = Object.keys(SCALE).filter((t) => shipped.includes(`${t}-iln`));

let page;
appForTests((opened) => (page = opened.page));

const [W, H] = [128, 96];
/** A crop of a bundled sample: "patterns" (text, fine lines and flat paper) unless named. */
function sampleCrop(name = 'patterns') {
  const src = PNG.sync.read(readFileSync(`public/samples/${name}.png`));
  const out = new PNG({ width: W, height: H });
  PNG.bitblt(src, out, 100, 90, W, H, 0, 0);
  return PNG.sync.write(out);
}

const psnrIn = (text) => Number(/PSNR ([\d.]+) dB/.exec(text)?.[1]);

/** Picks the task with i-LN, drops `bytes` as `file` (degraded first by the app when `degrade`),
 * and starts a run; `quality` sets the JPEG slider. Returns once the source is loaded and running. */
async function startRun(task, file, bytes, { degrade = true, quality } = {}) {
  await page.locator(`input[name="task"][value="${task}"]`).check();
  // the benchmark model: these tests are about each task's own degradation (photo.e2e.mjs
  // covers the photo models)
  const benchmark = page.getByTestId('variant-benchmark');
  if (await benchmark.count()) await benchmark.check();
  await page.getByLabel('i-LN', { exact: true }).check();
  if (degrade) await page.getByTestId('degrade-first').check();
  else await page.getByTestId('degrade-first').uncheck();
  if (quality) await page.getByLabel('JPEG quality').fill(String(quality));
  await dropFile(page, file, bytes);
  await page.getByTestId('source-info').filter({ hasText: file }).waitFor();
  await page.getByTestId('run').click();
}

/** The restored and the degraded input's PSNR once the i-LN run has been scored. */
async function scoredPsnrs() {
  await page.getByTestId('stats-iln').filter({ hasText: /PSNR/ }).waitFor({ timeout: 300_000 });
  const ours = psnrIn(await page.getByTestId('stats-iln').innerText());
  const base = psnrIn(await page.getByTestId('baseline').innerText());
  return { ours, base };
}

test('the build ships at least the super-resolution pair', () => {
  assert.ok(tasks.includes('sr-x2'), `shipped i-LN tasks: ${tasks.join(', ')}`);
});

for (const task of tasks) {
  test(`${task} with i-LN: right size, and better than the degraded input`, async () => {
    await startRun(task, `crop-${task}.png`, sampleCrop());
    const { ours, base } = await scoredPsnrs();
    const size = await page.evaluate(async () => {
      const v = await window.__viewPixels('[data-testid="result-iln"] .compare__layer--after');
      return [v.width, v.height];
    });
    const s = SCALE[task];
    assert.deepEqual(size, [Math.floor(W / s) * s, Math.floor(H / s) * s]);
    assert.ok(ours > base + 0.3, `${task}: restored ${ours} dB vs degraded ${base} dB`);
    await shoot(page, `task-${task}`);
  });
}

if (tasks.includes('derain')) {
  // The derain models see a share of rain-free patches in training, so a photo or a page without
  // rain must come back (nearly) unchanged: the floor is 38 dB against the input.
  for (const sample of ['lighthouse', 'patterns']) {
    test(`derain with i-LN leaves the ${sample} crop without rain alone`, async () => {
      const bytes = sampleCrop(sample);
      await startRun('derain', `clean-${sample}.png`, bytes, { degrade: false });
      await page
        .getByTestId('stats-iln')
        .filter({ hasText: `${W}×${H} in` })
        .filter({ hasNotText: /PSNR/ })
        .waitFor({ timeout: 300_000 });
      const restored = await page.evaluate(async () => {
        const v = await window.__viewPixels('[data-testid="result-iln"] .compare__layer--after');
        return Array.from(v.data);
      });
      const psnr = psnrRgb(PNG.sync.read(bytes).data, restored);
      assert.ok(psnr >= 38, `derain changed a clean ${sample} crop: ${psnr.toFixed(2)} dB`);
    });
  }
}

if (tasks.includes('dejpeg')) {
  // A JPEG photo at quality 90 has little left to remove: the floor is that the dejpeg
  // model does it no harm (the restored image is not further from the original than the JPEG).
  test('dejpeg with i-LN does no harm to a JPEG photo at quality 90', async () => {
    await startRun('dejpeg', 'q90-lighthouse.png', sampleCrop('lighthouse'), { quality: 90 });
    await page.getByTestId('source-info').filter({ hasText: '(JPEG q=90)' }).waitFor();
    const { ours, base } = await scoredPsnrs();
    assert.ok(ours >= base, `dejpeg at q = 90: restored ${ours} dB vs JPEG ${base} dB`);
  });
}
