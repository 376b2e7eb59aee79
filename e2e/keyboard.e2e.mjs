// The keyboard alone, from the top of the page: Tab reaches every control of a run (file, task,
// model, norm, Restore, the before/after slider, zoom, show, download), each shows a visible
// focus ring, and each works from the keyboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appForTests, makePng } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

/** Presses Tab until the focused element matches `selector` (at most 80 times); returns the
 * focus ring it shows (outline style and width while focused from the keyboard). */
async function tabTo(selector, text = '') {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(
      ([sel, txt]) => {
        const el = document.activeElement;
        if (!el?.matches(sel) || !el.textContent.includes(txt)) return null;
        const style = getComputedStyle(el);
        return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      },
      [selector, text],
    );
    if (ring) return ring;
  }
  throw new Error(`Tab never reached ${selector} ${text}`);
}

async function reach(selector, text = '') {
  const ring = await tabTo(selector, text);
  assert.ok(ring.style !== 'none' && ring.width >= 2, `${selector}: no visible focus ring`);
}

test('Tab reaches and operates every control of a run, each with a visible focus ring', async () => {
  await page.evaluate(() => document.activeElement?.blur());
  await reach('button', 'Choose an image');
  // Enter on the button opens the file picker (a click on the hidden file input; headless
  // Chromium does not always report the chooser as an event, so the click itself is checked)
  await page.evaluate(() => {
    const input = document.querySelector('[data-testid="file-input"]');
    input.addEventListener('click', (e) => ((window.__pickerOpened = true), e.preventDefault()), {
      once: true,
    });
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__pickerOpened === true);
  await page
    .getByTestId('file-input')
    .setInputFiles({ name: 'keys.png', mimeType: 'image/png', buffer: makePng(40, 28) });
  await page.getByTestId('source-info').waitFor();

  await reach('input[type="radio"][name="task"]');
  await page.keyboard.press('ArrowRight'); // radio groups move with the arrows
  assert.equal(await page.evaluate(() => document.activeElement.checked), true);
  await page.keyboard.press('ArrowLeft'); // and back to ×2 for the rest
  assert.equal(await page.getByLabel('Super-resolution ×2').isChecked(), true);
  await reach('input[type="radio"][name="variant"]');
  await reach('input[type="radio"][name="norm"]');
  await reach('[data-testid="run"]');
  await page.keyboard.press('Enter');
  await page.getByTestId('result-iln').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="job-status"] progress'));

  await page.evaluate(() => document.activeElement?.blur());
  await reach('[aria-label="Zoom in"]');
  await page.keyboard.press('Enter');
  await reach('[data-testid="show-mode"]');
  await reach('[role="slider"]');
  const before = await page.evaluate(() => document.activeElement.getAttribute('aria-valuenow'));
  await page.keyboard.press('ArrowLeft');
  const after = await page.evaluate(() => document.activeElement.getAttribute('aria-valuenow'));
  assert.ok(Number(after) < Number(before), `slider ${before} -> ${after}`);
  await reach('[data-testid="download-iln"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.keyboard.press('Enter'),
  ]);
  assert.match(download.suggestedFilename(), /^keys\.sr-x2/);
});
