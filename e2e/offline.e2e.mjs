// Offline and installable: after one visit the app shell comes from the service worker and the
// models from Cache Storage, so with the server gone a reload still opens the app and restores.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropFile, launch, makePng, serveDist, shoot } from './helpers.mjs';

async function restoreTiny(page, name) {
  await dropFile(page, name, makePng(24, 16));
  await page
    .getByTestId('source-info')
    .filter({ hasText: `${name}: 24×16` })
    .waitFor();
  await page.getByTestId('run').click();
  await page.getByTestId('result-iln').waitFor();
}

test('load, restore, lose the network, reload, restore again', async () => {
  const served = await serveDist();
  const browser = await launch();
  const { page } = browser;
  try {
    await page.goto(`${served.url}?backend=wasm&tile=128`);
    await page.waitForSelector('[data-backend="wasm"]');
    // the service worker has precached the shell and controls the page
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
      timeout: 60_000,
    });
    await page.getByTestId('offline-ready').waitFor(); // and the page says so
    await restoreTiny(page, 'online.png');

    served.server.close();
    served.server.closeAllConnections(); // the network is gone: nothing answers any more
    await page.reload();
    await page.waitForSelector('[data-backend="wasm"]');
    await restoreTiny(page, 'offline.png');
    assert.match(await page.getByTestId('stats-iln').innerText(), /i-LN: 48×32 in/);
    await shoot(page, 'offline-reload');
  } finally {
    await browser.close();
    served.server.close();
  }
});

test('the app is installable: a manifest with a name, a start URL and icons', async () => {
  const served = await serveDist();
  const browser = await launch();
  try {
    await browser.page.goto(served.url);
    const href = await browser.page.getAttribute('link[rel="manifest"]', 'href');
    const manifest = await (await fetch(new URL(href, served.url))).json();
    assert.equal(manifest.name, 'iLN Restore');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.start_url);
    const sizes = manifest.icons.map((i) => i.sizes);
    assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), sizes.join());
    for (const icon of manifest.icons) {
      const res = await fetch(new URL(icon.src, served.url));
      assert.equal(res.headers.get('content-type'), 'image/png');
    }
  } finally {
    await browser.close();
    served.server.close();
  }
});
