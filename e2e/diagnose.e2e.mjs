// What the app says an image needs, in the real app (wasm backend): a web JPEG re-saved over a
// heavy save is called so (its ×4 photo model suggested alone), a noisy thumbnail gets Denoise,
// then ×4, which Restore as suggested runs as one run that restores it; a clean photo is called
// clean and offered nothing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { appForTests, dropFile, psnrRgb, shoot, shows } from './helpers.mjs';

let page;
appForTests((opened) => (page = opened.page));

const [W, H] = [200, 150];
const S = 4; // a thumbnail this small is enlarged ×4
/** A photo-like S·W×S·H image (gradients, edges, fine detail, grain: the clean image) and its
 * small copy (S×S means). */
function photoPair() {
  const clean = new Uint8Array(S * S * W * H * 4);
  let seed = 5;
  const grain = () => ((seed = (1103515245 * seed + 12345) >>> 0) >>> 16) % 7;
  for (let y = 0; y < S * H; y++)
    for (let x = 0; x < S * W; x++) {
      const edge = (x - 400) ** 2 + (y - 270) ** 2 < 150 ** 2 ? 70 : 0;
      const detail = 18 * Math.sin(x / 3.7) * Math.sin(y / 4.3) + grain();
      const rgb = [50 + x / 5 + edge, 80 + y / 4 + detail, 150 - edge / 2 + detail / 2];
      clean.set(
        [...rgb.map((v) => Math.max(0, Math.min(255, Math.round(v)))), 255],
        (y * S * W + x) * 4,
      );
    }
  const small = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let dy = 0; dy < S; dy++)
          for (let dx = 0; dx < S; dx++) sum += clean[((S * y + dy) * S * W + S * x + dx) * 4 + c];
        small[(y * W + x) * 4 + c] = Math.round(sum / (S * S));
      }
  return { clean, small };
}

/** A web image's history: saved at q=20, then re-saved at q=90. */
function resaved(rgba) {
  const first = jpeg.decode(jpeg.encode({ data: rgba, width: W, height: H }, 20).data, {
    useTArray: true,
  });
  return jpeg.encode({ data: first.data, width: W, height: H }, 90).data;
}

/** Pixel replication ×S: the least a result must beat. */
function replicated(rgba) {
  const out = new Uint8Array(S * S * W * H * 4);
  for (let y = 0; y < S * H; y++)
    for (let x = 0; x < S * W; x++) {
      const from = (Math.floor(y / S) * W + Math.floor(x / S)) * 4;
      out.set(rgba.subarray(from, from + 4), (y * S * W + x) * 4);
    }
  return out;
}

/** Camera-like noise on the thumbnail: Gaussian, σ = 20 grey levels (Box-Muller, seeded). */
function noisy(rgba) {
  let seed = 11;
  const uniform = () => ((seed = (1103515245 * seed + 12345) >>> 0) + 0.5) / 2 ** 32;
  const out = new Uint8Array(rgba);
  for (let i = 0; i < out.length; i++) {
    if (i % 4 === 3) continue;
    const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    out[i] = Math.max(0, Math.min(255, Math.round(rgba[i] + 20 * g)));
  }
  return out;
}

test('a re-saved web JPEG is called so, and its ×4 photo model is suggested alone', async () => {
  const { small } = photoPair();
  await dropFile(page, 'web.jpg', resaved(small), 'image/jpeg');
  await shows(
    page,
    'diagnosis',
    /a JPEG re-saved over heavy compression \(blocks of about quality \d+\)/,
  );
  await shows(
    page,
    'diagnosis',
    /200×150 px\. Suggested: ×4 \(its photo model removes the blocks as it enlarges\)\./,
  );
  await shoot(page, 'diagnosis-web-jpeg');
});

test('a noisy thumbnail gets Denoise, then ×4, run as one run that restores it', async () => {
  const { clean, small } = photoPair();
  const input = noisy(small);
  const png = new PNG({ width: W, height: H });
  png.data.set(input);
  await dropFile(page, 'noisy.png', PNG.sync.write(png));
  await shows(page, 'diagnosis', /heavy noise .*200×150 px\. Suggested: Denoise, then ×4\./);
  await page.getByLabel('Both, side by side').check(); // each norm through the whole chain
  await page.getByTestId('run-suggested').click();
  // one run, one bar: the second step is announced in the same status line
  await shows(page, 'job-status', /^Step 2 of 2 \(Super-resolution ×4\), i-LN/);
  for (const norm of ['iln', 'ln']) {
    await page.getByTestId(`result-${norm}`).waitFor();
    await shows(page, `stats-${norm}`, /: 800×600 in .* Denoise, then ×4 \(photo models\)/);
  }
  await page.waitForFunction(() => !document.querySelector('[data-testid="job-status"] progress'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('download-iln').click(),
  ]);
  assert.equal(download.suggestedFilename(), 'noisy.denoise-photo+sr-x4-photo.iln.png');
  const out = PNG.sync.read(readFileSync(await download.path()));
  assert.deepEqual([out.width, out.height], [S * W, S * H]);
  // the chain restores: nearer the clean image than the input's pixels enlarged
  const chain = psnrRgb(out.data, clean);
  const nothing = psnrRgb(replicated(input), clean);
  assert.ok(
    chain > nothing + 1,
    `chain ${chain.toFixed(2)} dB, input enlarged ${nothing.toFixed(2)} dB`,
  );
  await shoot(page, 'diagnosis-noisy-restored');
});

test('a clean photo is called clean and offered nothing to run', async () => {
  const png = new PNG({ width: 640, height: 520 });
  for (let y = 0; y < 520; y++)
    for (let x = 0; x < 640; x++)
      png.data.set(
        [60 + x / 8 + 20 * Math.sin(x / 2.3), 90 + y / 8, 140 - x / 10, 255],
        (y * 640 + x) * 4,
      );
  await dropFile(page, 'clean.png', PNG.sync.write(png));
  await shows(
    page,
    'diagnosis',
    /^Looks clean: nothing to restore \(an image, little noise, 640×520 px\)\.$/,
  );
  assert.equal(await page.getByTestId('run-suggested').count(), 0);
});
