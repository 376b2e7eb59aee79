// The engine's golden parity check in Chromium: on webgpu (SwiftShader here, so the smallest
// golden input) and on wasm (with our kernels in front of tfjs-wasm's), against the vectors
// PyTorch exported.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, serveDist } from './helpers.mjs';

let served;
let browser;
before(async () => {
  served = await serveDist('dist-harness');
  browser = await launch({ webgpu: true });
  await browser.page.goto(served.url);
  await browser.page.waitForFunction(
    () => document.getElementById('status')?.textContent === 'ready',
  );
});
after(async () => {
  await browser?.close();
  served?.server.close();
});

const models = ['fixtures/tiny-dn-iln', 'fixtures/tiny-sr2-ln'];
if (existsSync('dist-harness/models/sr-x2-iln/golden.json')) models.push('models/sr-x2-iln');

for (const backend of ['webgpu', 'wasm']) {
  for (const dir of models) {
    test(`${dir} on ${backend} matches PyTorch's golden vectors`, async () => {
      const result = await browser.page.evaluate(
        ([b, d]) => window.runParity(b, d),
        [backend, dir],
      );
      assert.equal(result.backend, backend);
      assert.equal(result.leaked, 0, 'no tensors leaked');
      // on wasm the attention, the linear layers and the slices run in our kernels, not tfjs's
      if (backend === 'wasm') {
        const { attention, dense, slices } = result.ourKernels;
        assert.ok(attention > 0 && dense > 0 && slices > 0, JSON.stringify(result.ourKernels));
      }
      for (const [name, diff] of Object.entries(result.diffs)) {
        // float16-stored weights move a trained model's output by up to 2e-3 from its float32 self;
        // random fixtures have no such bound, so that comparison is only made for real models
        if (name === 'output_float32_weights' && dir.startsWith('fixtures')) continue;
        const bound = name === 'output_float32_weights' ? 2e-3 : 1e-4;
        assert.ok(diff <= bound, `${name}: max abs error ${diff} > ${bound}`);
      }
    });
  }
}
