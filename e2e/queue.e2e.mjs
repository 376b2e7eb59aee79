// Several files at once: listed with thumbnails, restored one after another with the chosen task
// and norm, each with its own download, and all results in one zip.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { makeRotatedJpeg, PHONE_DATE, readSavedExif } from './formats.mjs';
import { appForTests, dropFiles, makePng, shoot } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

const png = (name, w, h, alpha = false) => ({
  name,
  bytes: makePng(w, h, { alpha }),
  type: 'image/png',
});
// the photo model runs by default where the build ships one: its files are named so
const { models } = JSON.parse(readFileSync('dist/models/index.json', 'utf8'));
const kind = models.some((m) => m.name === 'sr-x2-photo-iln') ? 'sr-x2-photo' : 'sr-x2';

test('three dropped files: two restored, one refused with its reason, all downloadable', async () => {
  await dropFiles(page, [
    png('first.png', 40, 30, true),
    { name: 'broken.png', bytes: makePng(20, 20).subarray(0, 60), type: 'image/png' },
    // a phone photo: stored 36×24, turned upright by its EXIF, which its results keep
    { name: 'second.jpg', bytes: makeRotatedJpeg(36, 24), type: 'image/jpeg' },
  ]);
  const items = page.getByTestId('queue-item');
  await items.nth(2).waitFor();
  assert.equal(await items.count(), 3);
  await page.waitForFunction(() => document.querySelectorAll('.queue__thumb[src]').length === 2);
  // only the preview with transparency sits on the checkerboard
  assert.equal(await page.locator('.queue__thumb--alpha').count(), 1);
  await page.getByTestId('queue-run').click();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="queue-item"]')].every((li) =>
      ['done', 'failed'].includes(li.dataset.status),
    ),
  );
  const statuses = await items.evaluateAll((lis) => lis.map((li) => li.dataset.status));
  assert.deepEqual(statuses, ['done', 'failed', 'done']);
  assert.match(
    await items.nth(1).getByTestId('queue-status').innerText(),
    /failed: "broken\.png" could not be decoded: the PNG file is corrupt or truncated\./,
  );
  assert.match(await page.getByRole('heading', { name: /Files:/ }).innerText(), /2 of 3 restored/);
  await shoot(page, 'file-queue');

  const [one] = await Promise.all([
    page.waitForEvent('download'),
    items.nth(2).getByTestId('queue-download-iln').click(),
  ]);
  assert.equal(one.suggestedFilename(), `second.${kind}.iln.png`);
  const saved = readFileSync(await one.path());
  assert.deepEqual(readSavedExif(saved), { orientation: 1, date: PHONE_DATE });

  const [all] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-all').click(),
  ]);
  assert.equal(all.suggestedFilename(), 'iln-restore-results.zip');
  const entries = unzipSync(readFileSync(await all.path()));
  assert.deepEqual(Object.keys(entries).sort(), [
    `first.${kind}.iln.png`,
    `second.${kind}.iln.png`,
  ]);
  const sizes = Object.values(entries).map((b) => {
    const p = PNG.sync.read(Buffer.from(b));
    return `${p.width}×${p.height}`;
  });
  assert.deepEqual(sizes.sort(), ['48×72', '80×60']);
});

test('saved as JPEG, the list gives JPEGs, except for a file with transparency', async () => {
  const items = page.getByTestId('queue-item');
  await page.getByTestId('queue').getByTestId('save-format').selectOption('jpeg');
  assert.equal(await items.nth(2).getByTestId('queue-download-iln').innerText(), 'i-LN JPEG');
  assert.equal(await items.nth(0).getByTestId('queue-download-iln').innerText(), 'i-LN PNG');
  const [one] = await Promise.all([
    page.waitForEvent('download'),
    items.nth(2).getByTestId('queue-download-iln').click(),
  ]);
  assert.equal(one.suggestedFilename(), `second.${kind}.iln.jpg`);
  const saved = readFileSync(await one.path());
  const decoded = jpeg.decode(saved);
  assert.deepEqual([decoded.width, decoded.height], [48, 72]);
  assert.deepEqual(readSavedExif(saved), { orientation: 1, date: PHONE_DATE }); // re-encoded, kept
  const [all] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-all').click(),
  ]);
  const names = Object.keys(unzipSync(readFileSync(await all.path()))).sort();
  assert.deepEqual(names, [`first.${kind}.iln.png`, `second.${kind}.iln.jpg`]);
  await page.getByTestId('queue').getByTestId('save-format').selectOption('png');
});

test('a finished file opens in the compare view with its result', async () => {
  const second = page.getByTestId('queue-item').nth(2);
  await second.getByTestId('queue-open').click();
  await page.getByTestId('source-info').filter({ hasText: 'second.jpg: 24×36' }).waitFor();
  const size = await page.evaluate(async () => {
    const v = await window.__viewPixels('[data-testid="result-iln"] .compare__layer--after');
    return [v.width, v.height];
  });
  assert.deepEqual(size, [48, 72]);
  assert.match(await page.getByTestId('stats-iln').innerText(), /i-LN: 48×72 in/);
});
