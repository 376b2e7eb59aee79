// The app on a phone (390×844 touch screen, Chromium's mobile emulation, wasm): hints that speak
// of touch, touch targets of at least 44 px, a one-finger swipe over the image that scrolls the
// page, the page still scrollable past the result, and the settings folded to one line after a
// restore.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appForTests, dropFile, makePng, shoot } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page), { phone: true });

test('hints speak of touch, not of a keyboard', async () => {
  const hint = await page.getByTestId('input-hint').innerText();
  assert.doesNotMatch(hint, /Ctrl\+V|drop/i);
  assert.match(hint, /Choose a photo/);
});

test('buttons and choices are at least 44 px tall', async () => {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, .choices label')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
      .filter(([, h]) => h < 44),
  );
  assert.deepEqual(small, []);
});

test('after a run the result view fits the screen with room to scroll past it', async () => {
  await page.getByLabel('Denoise', { exact: true }).check();
  await dropFile(page, 'phone.png', makePng(300, 400));
  await page.getByTestId('source-info').filter({ hasText: 'phone.png: 300×400' }).waitFor();
  await page.getByTestId('run').click();
  await page.getByTestId('result-iln').waitFor({ timeout: 300_000 });
  const view = await page.getByTestId('compare').first().boundingBox();
  assert.ok(view.height <= 844 * 0.56, `the view is ${view.height} px tall on an 844 px screen`);
  assert.match(await page.getByTestId('view-hint').innerText(), /pinch to zoom/);
  assert.doesNotMatch(await page.getByTestId('view-hint').innerText(), /arrow keys/);
  const touchAction = await page
    .getByTestId('compare')
    .first()
    .evaluate((el) => getComputedStyle(el).touchAction);
  assert.equal(touchAction, 'pan-y', 'a one-finger swipe over the image must scroll the page');
  await shoot(page, 'phone-result');
});

test('after a run the settings fold to one line, and a tap opens them again', async () => {
  // follows the run above: the result is on the page
  const summary = page.getByTestId('settings-summary');
  assert.ok(await summary.isVisible(), 'the summary line is shown once an image is restored');
  assert.match(await summary.innerText(), /phone\.png · Denoise · i-LN/);
  assert.equal(await page.getByTestId('run').isVisible(), false, 'the settings are folded');
  const result = await page.getByTestId('compare').first().boundingBox();
  const top = await page.evaluate(() => document.scrollingElement.scrollTop);
  assert.ok(result.y + top < 844, `the result starts ${result.y + top} px down the page`);
  await summary.click();
  assert.ok(await page.getByTestId('run').isVisible(), 'a tap on the line opens the settings');
  await summary.click();
  assert.equal(await page.getByTestId('run').isVisible(), false, 'and a second tap folds them');
});
