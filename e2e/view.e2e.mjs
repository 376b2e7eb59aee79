// What a user sees while working (Chromium, wasm): the preview, the size check with its fix,
// tiles landing during a run, every core at work, and zoom that keeps the image in view.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { appForTests, dropFile, makePng, shoot } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

async function chooseTask(label) {
  await page.getByLabel(label, { exact: true }).check();
}

/** How many pixels of an image view (in the page) are not fully transparent. */
function paintedPixels(selector) {
  return page.evaluate(async (sel) => {
    const { data: d, width, height } = await window.__viewPixels(sel);
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return { n, total: width * height };
  }, selector);
}

test('a loaded image is previewed before any restore', async () => {
  await dropFile(page, 'preview.png', makePng(300, 200));
  await page.getByTestId('source-info').filter({ hasText: 'preview.png: 300×200' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="preview"]')?.width > 1);
  const { n, total } = await paintedPixels('[data-testid="preview"]');
  assert.equal(n, total);
  assert.equal(await page.getByTestId('result-iln').count(), 0);
});

test('the badge says how many workers share the tiles: one per core', async () => {
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const summary = await page.getByTestId('backend-summary').innerText();
  const workers = Math.min(cores, 8);
  assert.equal(summary, `WASM · ${workers} worker${workers > 1 ? 's' : ''} (one per core)`);
});

test('tiles appear in the result while the run goes on, on every worker', async () => {
  await chooseTask('Denoise');
  await dropFile(page, 'tiles.png', makePng(480, 360)); // 20 tiles
  await page.getByTestId('source-info').filter({ hasText: 'tiles.png: 480×360' }).waitFor();
  await page.getByTestId('run').focus();
  await page.keyboard.press('Enter');
  // Restore disables itself: the focus moves to Cancel (not to the page), and back after
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'cancel');
  const live = '[data-testid="live-iln"] .compare__layer--after';
  // the first tile shows at once (then the page shows what landed twice a second)
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="progress"]')?.value) >= 1,
  );
  const partial = await paintedPixels(live);
  const done = Number(await page.getByTestId('progress').getAttribute('value'));
  const total = Number(await page.getByTestId('progress').getAttribute('max'));
  assert.ok(done < total, 'the run ended before the check');
  assert.ok(partial.n > 0 && partial.n < partial.total, `${partial.n} of ${partial.total} shown`);
  await shoot(page, 'progress-partial-tiles');
  await page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'run');
  const whole = await paintedPixels('[data-testid="result-iln"] .compare__layer--after');
  assert.equal(whole.n, whole.total);
  assert.match(await page.getByTestId('stats-iln').innerText(), /on wasm with \d workers?/);
});

test('1:1 after zooming with the wheel keeps the image in view, around the same point', async () => {
  const view = page.getByTestId('compare').first();
  const box = await view.boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.8); // the lower half
  await page.mouse.wheel(0, -400);
  await page.getByRole('button', { name: '1:1' }).click();
  const stage = await page.locator('[data-testid="compare"] .compare__stage').first().boundingBox();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  assert.ok(
    stage.x <= centre.x && centre.x <= stage.x + stage.width,
    `image spans x ${stage.x}…${stage.x + stage.width}, view centre ${centre.x}`,
  );
  assert.ok(stage.y <= centre.y && centre.y <= stage.y + stage.height);
  await page.getByRole('button', { name: 'Fit' }).click();
});

/** The view's box and its image stage's box, on screen. */
async function boxes() {
  const view = await page.getByTestId('compare').first().boundingBox();
  const stage = await page.locator('[data-testid="compare"] .compare__stage').first().boundingBox();
  return { view, stage };
}

const covers = ({ view, stage }) =>
  stage.x <= view.x + 0.5 &&
  stage.y <= view.y + 0.5 &&
  stage.x + stage.width >= view.x + view.width - 0.5 &&
  stage.y + stage.height >= view.y + view.height - 0.5;

test('the wheel over the image zooms and does not scroll the page; elsewhere it scrolls', async () => {
  await page.getByTestId('compare').first().scrollIntoViewIfNeeded();
  const before = await boxes();
  const scrollY = await page.evaluate(() => window.scrollY);
  await page.mouse.move(before.view.x + 40, before.view.y + 40);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.scrollY), scrollY, 'the page scrolled');
  assert.ok((await boxes()).stage.width > before.stage.width * 1.5, 'the image did not zoom');
  await page.mouse.move(5, 5); // the page margin, off the image
  await page.mouse.wheel(0, 200);
  await page.waitForFunction((y) => window.scrollY !== y, scrollY);
  await page.getByRole('button', { name: 'Fit' }).click();
});

test('zooming out stops at fit, and a zoomed image pans only within its frame', async () => {
  const touchAction = () =>
    page
      .getByTestId('compare')
      .first()
      .evaluate((el) => getComputedStyle(el).touchAction);
  const fit = await boxes();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom out' }).click();
  assert.deepEqual((await boxes()).stage, fit.stage, 'zoomed out below fit');
  assert.equal(await touchAction(), 'pan-y', 'at fit one finger must scroll the page');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.waitForFunction(
    () =>
      getComputedStyle(document.querySelector('[data-testid="compare"]')).touchAction === 'none',
    null,
    { timeout: 5000 },
  ); // zoomed in, one finger pans the image
  const { view } = await boxes();
  await page.mouse.move(view.x + view.width * 0.3, view.y + view.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(view.x + view.width * 0.9 + 400, view.y + view.height * 0.9 + 300, {
    steps: 5,
  });
  await page.mouse.up();
  const dragged = await boxes();
  assert.ok(covers(dragged), `the image left its frame: ${JSON.stringify(dragged)}`);
  assert.equal(await page.evaluate(() => String(window.getSelection())), '', 'text got selected');
  await page.getByRole('button', { name: 'Fit' }).click();
});

/** FNV-1a of a byte array: pixels compared by digest, not shipped out of the page. */
function fnv(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** The after layer as shown, the input (before layer) and the result's own pixels. */
const layers = () =>
  page.evaluate(async () => {
    const layer = '[data-testid="result-iln"] .compare__layer';
    const read = async (sel) => Array.from((await window.__viewPixels(sel)).data);
    const views = document.querySelectorAll(`${layer}--after .compare__canvas`);
    views[views.length - 1].id = 'result-view';
    return {
      shown: await read(`${layer}--after`),
      input: await read(`${layer}:not(.compare__layer--after)`),
      output: await read('#result-view'),
    };
  });

test('strength 0 shows (and downloads) the input itself, 100 the result', async () => {
  const digest = (layer) =>
    page.evaluate(
      async ([sel, fn]) => {
        const { data } = await window.__viewPixels(sel);
        return new Function('bytes', `return (${fn})(bytes)`)(data);
      },
      [`[data-testid="result-iln"] .compare__layer${layer}`, fnv.toString()],
    );
  const result = await digest('--after');
  const input = await digest(':not(.compare__layer--after)');
  assert.notEqual(result, input);
  // a strength step repaints no pixel (the browser composites the result over the input); only
  // the first step below 100 % paints the input under the result, once
  await page.getByTestId('strength').fill('95');
  await page.waitForFunction(() => {
    const views = document.querySelectorAll(
      '[data-testid="result-iln"] .compare__layer--after .compare__canvas',
    );
    return views.length === 2 && [...views].every((v) => v.dataset.painted === 'true');
  });
  await page.evaluate(() => {
    window.__puts = 0;
    const put = CanvasRenderingContext2D.prototype.putImageData;
    CanvasRenderingContext2D.prototype.putImageData = function (...args) {
      window.__puts++;
      return put.apply(this, args);
    };
  });
  for (const v of ['80', '60', '50']) await page.getByTestId('strength').fill(v);
  const half = await layers();
  assert.equal(await page.evaluate(() => window.__puts), 0, 'a strength step repainted pixels');
  // what is shown at 50 % is input + 0.5 · (output − input), to a grey level
  let worst = 0;
  for (let i = 0; i < half.shown.length; i++) {
    if (i % 4 === 3) continue;
    const want = half.input[i] + 0.5 * (half.output[i] - half.input[i]);
    worst = Math.max(worst, Math.abs(half.shown[i] - want));
  }
  assert.ok(worst <= 1, `50 % is off the blend by ${worst} levels`);
  await page.getByTestId('strength').fill('0');
  assert.equal(await digest('--after'), input, 'strength 0 is not the input');
  const download = page.waitForEvent('download');
  await page.getByTestId('download-iln').click();
  const saved = PNG.sync.read(readFileSync(await (await download).path()));
  assert.equal(fnv(saved.data), input, 'the download is not the input');
  await page.getByTestId('strength').fill('100');
  assert.equal(await digest('--after'), result);
});

test('the view takes the image’s aspect ratio: no empty bands around a wide image', async () => {
  const box = await page.getByTestId('compare').first().boundingBox();
  assert.ok(Math.abs(box.width / box.height - 480 / 360) < 0.02, `${box.width}×${box.height}`);
});

test('a result, as shown at its strength, becomes the input of the next run', async () => {
  await page.getByTestId('strength').fill('50');
  await page.waitForFunction(() => {
    const views = document.querySelectorAll(
      '[data-testid="result-iln"] .compare__layer--after .compare__canvas',
    );
    return views.length === 2 && [...views].every((v) => v.dataset.painted === 'true');
  });
  const shown = (await layers()).shown;
  await page.getByTestId('use-as-input-iln').click();
  await page
    .getByTestId('source-info')
    .filter({ hasText: /^tiles\.denoise(-photo)?\.iln\.png: 480×360$/ })
    .waitFor();
  assert.equal(await page.getByTestId('result-iln').count(), 0, 'the old result is still shown');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'run');
  await page.getByTestId('run').click();
  await page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
  // the new run's input is what was shown at 50 %, to a grey level (the view's own rounding)
  const { input } = await layers();
  let worst = 0;
  for (let i = 0; i < input.length; i++)
    if (i % 4 !== 3) worst = Math.max(worst, Math.abs(input[i] - shown[i]));
  assert.ok(worst <= 1, `the new input is off what was shown by ${worst} levels`);
  // and back: the image the result replaced returns
  await page.getByTestId('input-back').click();
  await page
    .getByTestId('source-info')
    .filter({ hasText: /^tiles\.png: 480×360$/ })
    .waitFor();
  assert.equal(await page.getByTestId('input-back').count(), 0);
});

test('an image too large for the task is flagged on load and downscaled with one click', async () => {
  await chooseTask('Super-resolution ×4'); // takes up to 4 MP
  await dropFile(page, 'big.png', makePng(2100, 2000));
  const warning = page.getByTestId('size-problem');
  await warning.waitFor();
  assert.match(
    await warning.innerText(),
    /This image is 2100×2000 \(4\.2 MP\): too large for Super-resolution ×4, which takes up to 4\.0 MP/,
  );
  await shoot(page, 'downscale-offer');
  await page.getByTestId('downscale').click();
  const info = page.getByTestId('source-info').filter({ hasText: /downscaled/ });
  const [, w, h] = /^big\.png \(downscaled to (\d+)×(\d+)\): \1×\2$/.exec(await info.innerText());
  assert.ok(w * h <= 4_000_000 && w * h > 3_980_000, `${w}×${h}`);
  assert.ok(Math.abs(w / h - 2100 / 2000) < 0.002);
  assert.equal(await warning.count(), 0);
  await chooseTask('Super-resolution ×2');
});

test('the model view shows the cards’ numbers LN beside i-LN, and both training curves', async () => {
  const card = (n) => JSON.parse(readFileSync(`models/sr-x2-${n}/card.json`, 'utf8'));
  const [ln, iln] = [card('ln'), card('iln')];
  await page.getByTestId('model-info').locator('summary').click();
  const benchmark = page.getByTestId('model-kind-benchmark');
  const table = benchmark.getByTestId('model-metrics');
  await table.waitFor();
  const set5 = table.locator('tr', { hasText: 'Set5' });
  const cells = await set5.locator('td').allInnerTexts();
  const psnr = (c) => c.metrics.find((m) => m.set === 'Set5').psnr.toFixed(2);
  assert.deepEqual(cells.slice(3, 5), [psnr(ln), psnr(iln)]);
  const series = await page.$$eval('[data-testid="model-curves-benchmark"] svg', (svgs) =>
    svgs.map((s) => [...s.querySelectorAll('[data-series]')].map((g) => g.dataset.series)),
  );
  assert.deepEqual(series, [
    ['ln', 'iln'],
    ['ln', 'iln'],
  ]);
  const study = JSON.parse(readFileSync('models/seed-study.json', 'utf8'));
  const summary = study.summary.find((r) => r.task === 'sr-x2' && r.set === 'Set5');
  const seeds = page.getByTestId('seed-study');
  const row = await seeds.locator('tr', { hasText: 'Set5' }).locator('td').allInnerTexts();
  assert.deepEqual(row, [
    'Set5',
    `${summary.lnMean.toFixed(2)} ± ${summary.lnStd.toFixed(2)}`,
    `${summary.ilnMean.toFixed(2)} ± ${summary.ilnStd.toFixed(2)}`,
    `+${summary.gap.toFixed(2)} ± ${summary.gapStdErr.toFixed(2)}`,
  ]);
  assert.equal(await seeds.locator('polygon').count(), 2); // a band per norm
  await shoot(page, 'model-info');
});
