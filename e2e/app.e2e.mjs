// The real app in Chromium (wasm backend, small images; software WebGPU is too slow here).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import {
  appForTests,
  dropFile,
  launch,
  makePng,
  psnrRgb,
  restoreAndWait,
  shoot,
  shows,
} from './helpers.mjs';

let page;
const app = appForTests((opened) => (page = opened.page));

/** Pixels of the after-view of a result, read in the page. */
function resultPixels(norm) {
  return page.evaluate(async (n) => {
    const v = await window.__viewPixels(`[data-testid="result-${n}"] .compare__layer--after`);
    return { w: v.width, h: v.height, data: Array.from(v.data) };
  }, norm);
}

test('a dropped image restores with i-LN at twice the size and changes the pixels', async () => {
  await dropFile(page, 'gradient.png', makePng(40, 28));
  await shows(page, 'source-info', 'gradient.png: 40×28');
  await restoreAndWait(page);
  const out = await resultPixels('iln');
  assert.deepEqual([out.w, out.h], [80, 56]);
  const nearest = (x, y, c) => out.data[(Math.floor(y / 2) * 80 + Math.floor(x / 2)) * 4 + c];
  let differs = 0;
  for (let y = 0; y < 56; y++)
    for (let x = 0; x < 80; x++)
      if (Math.abs(out.data[(y * 80 + x) * 4] - nearest(x, y, 0)) > 2) differs++;
  assert.ok(differs > 200, `only ${differs} pixels differ from a blocky upscale`);
  assert.match(await page.getByTestId('stats-iln').innerText(), /i-LN: 80×56 in [\d.]+ s on wasm/);
  // the "before" side becomes the bicubic upscale (made in a worker; nearest draws the 40×28 source)
  await page.waitForFunction(
    () =>
      document.querySelector(
        '[data-testid="result-iln"] .compare__layer:not(.compare__layer--after) canvas',
      )?.width === 80,
  );
  await shoot(page, 'result-iln');
});

test('the slider follows the keyboard and the pointer', async () => {
  const handle = page.getByRole('slider').first();
  await handle.focus();
  await page.keyboard.press('Home');
  assert.equal(await handle.getAttribute('aria-valuenow'), '0');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await handle.getAttribute('aria-valuenow'), '2');
  await page.keyboard.press('End');
  assert.equal(await handle.getAttribute('aria-valuenow'), '100');
  for (let i = 0; i < 5; i++) await page.keyboard.press('PageDown');
  assert.equal(await handle.getAttribute('aria-valuenow'), '50');
  const box = await page.getByTestId('compare').first().boundingBox();
  const hb = await handle.boundingBox();
  await page.mouse.move(hb.x + hb.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  const v = Number(await handle.getAttribute('aria-valuenow'));
  assert.ok(Math.abs(v - 25) <= 2, `slider at ${v}`);
});

test('download gives a PNG named after the input, of the output size', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-iln').click(),
  ]);
  // the photo model is the default for a user's image, and the name says so
  assert.equal(download.suggestedFilename(), 'gradient.sr-x2-photo.iln.png');
  const png = PNG.sync.read(readFileSync(await download.path()));
  assert.deepEqual([png.width, png.height], [80, 56]);
});

/** RGBA -> luma (BT.601) in every colour channel, for psnrRgb. */
const luma = (rgba) =>
  Uint8Array.from(rgba, (_, i) => {
    const o = i - (i % 4);
    return i % 4 === 3 ? 255 : 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2];
  });

test('saved as JPEG, the download is a JPEG of the same pixels, and PNG comes back', async () => {
  const save = (name) =>
    Promise.all([page.waitForEvent('download'), page.getByTestId(`download-${name}`).click()]);
  const [asPng] = await save('iln');
  const png = PNG.sync.read(readFileSync(await asPng.path()));
  await page.getByTestId('save-format').selectOption('jpeg');
  assert.equal(await page.getByTestId('download-iln').innerText(), 'Download JPEG');
  const [asJpeg] = await save('iln');
  assert.equal(asJpeg.suggestedFilename(), 'gradient.sr-x2-photo.iln.jpg');
  const decoded = jpeg.decode(readFileSync(await asJpeg.path()), { useTArray: true });
  assert.deepEqual([decoded.width, decoded.height], [80, 56]);
  // on luma: the browser's JPEG halves the chroma (4:2:0), and this test image's blue is a
  // fine sinusoid (34 dB on RGB)
  const psnr = psnrRgb(luma(png.data), luma(decoded.data));
  assert.ok(psnr > 40, `the JPEG's luma is ${psnr.toFixed(2)} dB from the result's`);
  await page.getByTestId('save-format').selectOption('png');
  const [again] = await save('iln');
  assert.equal(again.suggestedFilename(), 'gradient.sr-x2-photo.iln.png');
});

test('LN and i-LN run side by side with one slider position and zoom', async () => {
  await page.getByLabel('Both, side by side').check();
  await restoreAndWait(page, ['iln', 'ln']);
  const values = await page
    .getByRole('slider')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-valuenow')));
  assert.equal(values.length, 2);
  assert.equal(values[0], values[1]);
  const scales = () =>
    page.$$eval('.compare__layer--after .compare__stage', (els) =>
      els.map((e) => Number(e.style.transform.match(/scale\(([\d.]+)\)/)[1])),
    );
  const fit = await scales();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomed = await scales();
  assert.equal(zoomed[0], zoomed[1]);
  assert.ok(
    Math.abs(zoomed[0] / fit[0] - 1.5) < 1e-3,
    `zoom in went from ${fit[0]} to ${zoomed[0]}`,
  );
  await shoot(page, 'side-by-side');
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.getByLabel('i-LN', { exact: true }).check();
});

test('degrade it first scores the result against the original', async () => {
  await page.getByTestId('variant-benchmark').check(); // its case: the benchmark's bicubic ÷2
  await page.getByTestId('degrade-first').check();
  await shows(page, 'source-info', /gradient\.png \(bicubic ÷2\): 20×14/);
  await restoreAndWait(page);
  assert.match(await page.getByTestId('stats-iln').innerText(), /PSNR [\d.]+ dB, SSIM 0\.\d{4}/);
  assert.match(
    await page.getByTestId('baseline').innerText(),
    /^Bicubic against the original: PSNR [\d.]+ dB, SSIM 0\.\d{4}$/,
  );
  await page.getByTestId('degrade-first').uncheck();
});

/** Milliseconds (page clock) at which the progress bar first showed each of `tiles` tiles done. */
function tileTimes(tiles) {
  return page.evaluate(
    (n) =>
      new Promise((resolve) => {
        const seen = [];
        const poll = () => {
          const done = Number(document.querySelector('[data-testid="progress"]')?.value ?? 0);
          while (seen.length < Math.min(done, n)) seen.push(performance.now());
          if (seen.length >= n) resolve(seen);
          else requestAnimationFrame(poll);
        };
        poll();
      }),
    tiles,
  );
}

test('cancel stops the computation within a tile, keeps the model, and the next run is prompt', async () => {
  await dropFile(page, 'big.png', makePng(640, 400)); // 24 tiles at ×2
  await shows(page, 'source-info', 'big.png: 640×400');
  await page.getByTestId('run').click();
  const [t1, t2, t3] = await tileTimes(3);
  const perTile = Math.max(t2 - t1, t3 - t2);
  await page.getByTestId('cancel').click();
  await page.getByText('Cancelled. The model stays loaded for the next run.').waitFor();
  await dropFile(page, 'small.png', makePng(24, 16)); // one tiny tile
  await shows(page, 'source-info', 'small.png: 24×16');
  const started = Date.now();
  await restoreAndWait(page);
  const waited = Date.now() - started;
  // a worker that kept computing the 21 cancelled tiles would take about 21 × perTile here
  assert.ok(
    waited < 3 * perTile + 1500,
    `the next run took ${waited} ms (a tile takes ${perTile.toFixed(0)} ms)`,
  );
  assert.deepEqual(Object.values(await resultPixels('iln')).slice(0, 2), [48, 32]);
});

test('after a reload with the network blocked, the models come from the cache', async () => {
  await app.browser.context.route('**/models/**', (route) => route.abort());
  await page.reload();
  await page.waitForSelector('[data-backend="wasm"]');
  await dropFile(page, 'offline.png', makePng(20, 20));
  await shows(page, 'source-info', 'offline.png: 20×20');
  await restoreAndWait(page);
  assert.deepEqual(Object.values(await resultPixels('iln')).slice(0, 2), [40, 40]);
  await app.browser.context.unroute('**/models/**');
});

test('a tiny image restores end to end on the webgpu backend', async () => {
  const gpu = await launch({ webgpu: true });
  try {
    await gpu.page.goto(`${app.served.url}?backend=webgpu&tile=128`);
    await gpu.page.waitForSelector('[data-backend="webgpu"]');
    await dropFile(gpu.page, 'tiny.png', makePng(12, 10));
    await gpu.page.getByText('tiny.png: 12×10').waitFor();
    await gpu.page.getByTestId('run').click();
    await gpu.page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
    assert.match(
      await gpu.page.getByTestId('stats-iln').innerText(),
      /i-LN: 24×20 in [\d.]+ s on webgpu/,
    );
    assert.deepEqual(gpu.errors, []);
  } finally {
    await gpu.close();
  }
});

test('the page works on a narrow (mobile) viewport', async () => {
  await page.setViewportSize({ width: 390, height: 800 });
  await dropFile(page, 'phone.png', makePng(30, 20));
  await shows(page, 'source-info', 'phone.png: 30×20');
  await restoreAndWait(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
  await shoot(page, 'mobile');
  await page.setViewportSize({ width: 1280, height: 720 });
});

test('the diagnostics view plots LN and i-LN with one point per layer', async () => {
  await dropFile(page, 'probe.png', makePng(64, 48));
  await shows(page, 'source-info', 'probe.png: 64×48');
  await page.getByTestId('inside-the-network').locator('summary').click(); // collapsed at first
  await page.getByTestId('diagnose').click();
  await page.getByTestId('diagnostics').waitFor();
  const layers = JSON.parse(readFileSync('models/sr-x2-iln/model.json', 'utf8')).arch;
  const perChart = await page.$$eval('[data-testid="diagnostics"] svg', (svgs) =>
    svgs.map((svg) =>
      ['ln', 'iln'].map((n) => svg.querySelectorAll(`[data-series="${n}"] circle`).length),
    ),
  );
  const n = layers.groups * layers.depth;
  assert.deepEqual(perChart, [
    [n, n],
    [n, n],
  ]);
  await shoot(page, 'diagnostics');
});

test('a lost GPU device is reported and the next run recovers on a fresh device', async () => {
  const gpu = await launch({ webgpu: true });
  try {
    // the device goes after the third tile: the estimate's probe runs two when the image comes
    await gpu.page.goto(`${app.served.url}?backend=webgpu&tile=128&loseGpuAfter=3`);
    await gpu.page.waitForSelector('[data-backend="webgpu"]');
    await dropFile(gpu.page, 'tiny.png', makePng(8, 8));
    await gpu.page.getByText('tiny.png: 8×8').waitFor();
    await gpu.page.getByTestId('run').click();
    await gpu.page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
    await gpu.page.getByTestId('run').click(); // the device was destroyed after that run
    const error = await gpu.page.getByTestId('job-error').innerText({ timeout: 300_000 });
    assert.match(error, /The GPU device was lost \(.*\)\. The next run starts a fresh one\./);
    await gpu.page.waitForSelector('[data-backend="webgpu"]');
    await gpu.page.getByTestId('run').click();
    await gpu.page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
    assert.match(await gpu.page.getByTestId('stats-iln').innerText(), /on webgpu/);
  } finally {
    await gpu.close();
  }
});
