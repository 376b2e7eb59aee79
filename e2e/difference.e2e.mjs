// Where LN and i-LN differ (issue 24, item 4): the Difference view shows |i-LN − LN| with the PSNR
// between the two outputs, or for one model |output − input|, with the compare view's zoom.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { appForTests, dropFile, makePng, psnrRgb, shoot } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

const input = makePng(96, 64);

async function restore(norms) {
  await page.getByTestId('run').click();
  for (const n of norms) await page.getByTestId(`result-${n}`).waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="job-status"] progress'));
}

function canvasPixels(selector) {
  return page.evaluate(async (sel) => Array.from((await window.__viewPixels(sel)).data), selector);
}

const resultPixels = (norm) =>
  canvasPixels(`[data-testid="result-${norm}"] .compare__layer--after`);
const diffPixels = () => canvasPixels('[data-testid="difference"]');
const shownPsnr = async () =>
  Number((await page.getByTestId('diff-psnr').innerText()).match(/PSNR ([\d.]+) dB/)[1]);
const stageScale = () =>
  page
    .locator('[data-testid="difference"] .compare__stage')
    .evaluate((e) => Number(e.style.transform.match(/scale\(([\d.]+)\)/)[1]));

test('side by side, the difference view gives the PSNR between the two outputs', async () => {
  await page.getByLabel('Denoise', { exact: true }).check();
  await page.getByTestId('variant-benchmark').check(); // both kinds ship both norms; one is enough
  await page.getByLabel('Both, side by side').check();
  await dropFile(page, 'diff.png', input);
  await page.getByTestId('source-info').filter({ hasText: 'diff.png: 96×64' }).waitFor();
  await restore(['iln', 'ln']);
  const expected = psnrRgb(await resultPixels('iln'), await resultPixels('ln'));
  await page.getByTestId('show-mode').selectOption('difference');
  await page.getByTestId('difference').waitFor();
  assert.equal(await page.getByTestId('result-iln').count(), 0); // one map in place of two views
  assert.equal((await shownPsnr()).toFixed(2), expected.toFixed(2));
  assert.match(await page.getByTestId('diff-psnr').innerText(), /i-LN against LN/);
  // a larger gain brightens the map where the outputs differ
  const sum = (px) => px.reduce((s, v, i) => s + (i % 4 === 3 ? 0 : v), 0);
  await page.getByTestId('diff-gain').selectOption('4');
  const low = sum(await diffPixels());
  await page.getByTestId('diff-gain').selectOption('64');
  assert.ok(sum(await diffPixels()) > low, 'gain 64 is no brighter than gain 4');
  // the same zoom as the compare views
  const fit = await stageScale();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  assert.ok(Math.abs((await stageScale()) / fit - 1.5) < 1e-3);
  await shoot(page, 'difference-ln-iln');
  await page.getByRole('button', { name: 'Fit' }).click();
});

test('for one model the difference view shows what it changed in its input', async () => {
  await page.getByLabel('i-LN', { exact: true }).check();
  await page.getByTestId('run').click();
  // the mode stays chosen for the next run, and compares the one result with its input
  await page
    .getByTestId('diff-psnr')
    .filter({ hasText: 'i-LN against its input' })
    .waitFor({ timeout: 300_000 });
  const source = PNG.sync.read(input).data;
  await page.getByTestId('show-mode').selectOption('compare');
  const expected = psnrRgb(await resultPixels('iln'), source);
  await page.getByTestId('show-mode').selectOption('difference');
  assert.equal((await shownPsnr()).toFixed(2), expected.toFixed(2));
  assert.match(await page.getByTestId('diff-psnr').innerText(), /i-LN against its input/);
  await shoot(page, 'difference-change');
  await page.getByTestId('show-mode').selectOption('compare');
});
