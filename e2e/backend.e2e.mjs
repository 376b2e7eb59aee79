import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, readBackend, serveDist } from './helpers.mjs';

let served;
before(async () => {
  served = await serveDist();
});
after(() => served.server.close());

test('with --enable-unsafe-webgpu the software adapter is detected and WASM is picked', async () => {
  const browser = await launch({ webgpu: true });
  try {
    await browser.page.goto(served.url);
    const shown = await readBackend(browser.page);
    assert.equal(shown.name, 'wasm');
    assert.match(shown.reason, /WebGPU: software adapter only/);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});

test('?backend=webgpu runs on the webgpu backend and names the adapter', async () => {
  const browser = await launch({ webgpu: true });
  try {
    await browser.page.goto(`${served.url}?backend=webgpu`);
    const shown = await readBackend(browser.page, 120_000);
    assert.equal(shown.name, 'webgpu');
    assert.match(shown.reason, /forced by \?backend=/);
    assert.ok(shown.device.length > 0);
    assert.equal(await browser.page.getByRole('alert').count(), 0, 'self-check passed');
  } finally {
    await browser.close();
  }
});

test('without the flag there is no WebGPU adapter and a named fallback runs', async () => {
  const browser = await launch({ webgpu: false });
  try {
    await browser.page.goto(served.url);
    const shown = await readBackend(browser.page);
    assert.match(shown.reason, /WebGPU: (no adapter|not supported by this browser)/);
    assert.ok(['wasm', 'webgl'].includes(shown.name), shown.name);
  } finally {
    await browser.close();
  }
});
