// What a user drops or pastes, in the real app in Chromium: every format the app reads, files it
// cannot read (one clear sentence each), phone photos turned upright with their date kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  AVIF_FIXTURE,
  makeBmp,
  makeHeicHeader,
  makeRotatedJpeg,
  PHONE_DATE,
  readSavedExif,
} from './formats.mjs';
import { appForTests, dropFile, makePng, restoreAndWait, shoot, shows } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

test('a corrupt file, an empty file and an SVG get clear messages and the app stays usable', async () => {
  const png = makePng(30, 30);
  await dropFile(page, 'cut.png', png.subarray(0, 80));
  await shows(
    page,
    'input-error',
    /"cut\.png" could not be decoded: the PNG file is corrupt or truncated\./,
  );
  await shoot(page, 'corrupt-file');
  await dropFile(page, 'empty.png', new Uint8Array(0));
  await shows(page, 'input-error', '"empty.png" is empty (0 bytes).');
  await dropFile(
    page,
    'logo.svg',
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
    'image/svg+xml',
  );
  await shows(page, 'input-error', /SVG drawing: it has no pixels to restore/);
  await dropFile(page, 'IMG_0001.HEIC', makeHeicHeader(), 'image/heic');
  await shows(
    page,
    'input-error',
    '"IMG_0001.HEIC" is a HEIC photo (what iPhones save), which browsers cannot decode: export it as JPEG first.',
  );
  await dropFile(page, 'ok.png', png);
  await shows(page, 'source-info', 'ok.png: 30×30');
  assert.equal(await page.getByTestId('input-error').count(), 0);
});

test('paste, BMP, WebP, AVIF, EXIF orientation and transparency', async () => {
  await page.evaluate(
    ([b64]) => {
      const dt = new DataTransfer();
      dt.items.add(
        new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'clip.png', {
          type: 'image/png',
        }),
      );
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
    },
    [makePng(18, 12).toString('base64')],
  );
  await page.getByText('clip.png: 18×12').waitFor();
  await dropFile(page, 'scan.bmp', makeBmp(17, 9), 'image/bmp');
  await page.getByText('scan.bmp: 17×9').waitFor();
  const webp = await page.evaluate(async () => {
    const c = new OffscreenCanvas(26, 14);
    c.getContext('2d').fillRect(0, 0, 10, 10);
    const bytes = new Uint8Array(
      await (await c.convertToBlob({ type: 'image/webp' })).arrayBuffer(),
    );
    return btoa(String.fromCharCode(...bytes));
  });
  await dropFile(page, 'web.webp', Buffer.from(webp, 'base64'), 'image/webp');
  await page.getByText('web.webp: 26×14').waitFor();
  await dropFile(page, 'web.avif', readFileSync(AVIF_FIXTURE), 'image/avif');
  await page.getByText('web.avif: 40×30').waitFor();
  await dropFile(page, 'phone.jpg', makeRotatedJpeg(20, 12), 'image/jpeg');
  await page.getByText('phone.jpg: 12×20').waitFor(); // rotated as the camera meant
  await dropFile(page, 'logo.png', makePng(16, 10, { alpha: true }));
  await page.getByText('logo.png: 16×10, with transparency').waitFor();
  await restoreAndWait(page);
  const alpha = await page.evaluate(async () => {
    const v = await window.__viewPixels('[data-testid="result-iln"] .compare__layer--after');
    return [v.data[3], v.data[(v.width - 1) * 4 + 3]];
  });
  assert.deepEqual(alpha, [255, 96]); // alpha carried through the ×2 resize
  // JPEG would drop the transparency: the choice is locked to PNG for this image
  assert.equal(await page.getByTestId('save-format').isDisabled(), true);
  assert.equal(await page.getByTestId('download-iln').innerText(), 'Download PNG');
});

test('a phone photo keeps its date in the download (JPEG and PNG), marked upright', async () => {
  await dropFile(page, 'dated.jpg', makeRotatedJpeg(20, 12), 'image/jpeg');
  await shows(page, 'source-info', 'dated.jpg: 12×20');
  await restoreAndWait(page);
  for (const format of ['jpeg', 'png']) {
    await page.getByTestId('save-format').selectOption(format);
    const download = page.waitForEvent('download');
    await page.getByTestId('download-iln').click();
    const saved = readFileSync(await (await download).path());
    // the pixels are upright now: a viewer must not turn them again
    assert.deepEqual(readSavedExif(saved), { orientation: 1, date: PHONE_DATE }, format);
  }
});
