// The adapter check of scripts/gpu-bench.sh: which WebGPU adapter Chromium gets with the flags in
// ILN_CHROMIUM_ARGS. Prints one line; exit 0 for a hardware adapter, 2 (with the reason) for
// none or a software one (SwiftShader), where a GPU benchmark would measure nothing real.
import { createServer } from 'node:http';
import { launch } from './helpers.mjs';

// WebGPU needs a secure context: an empty page from localhost
const server = createServer((_, res) => res.end('<!doctype html><title>adapter</title>'));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
let browser = null;
try {
  browser = await launch({ webgpu: true });
  await browser.page.goto(`http://127.0.0.1:${server.address().port}/`);
  const info = await browser.page.evaluate(async () => {
    if (!navigator.gpu) return { error: 'this Chromium exposes no navigator.gpu' };
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { error: 'requestAdapter() returned no adapter' };
    const { vendor, architecture, device, description } = adapter.info;
    return { vendor, architecture, device, description, fallback: adapter.info.isFallbackAdapter };
  });
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  if (info.error) {
    console.log(`no WebGPU adapter: ${info.error}; stopping`);
    process.exitCode = 2;
  } else if (info.fallback || /swiftshader|llvmpipe/i.test(`${name} ${info.device}`)) {
    console.log(`the WebGPU adapter is software (${name || 'SwiftShader'}), not a GPU; stopping`);
    process.exitCode = 2;
  } else {
    console.log(`WebGPU adapter: ${name}`);
  }
} catch (e) {
  // e.g. a Chromium that cannot start with the GPU flags: no adapter to measure either
  console.log(
    `no WebGPU adapter: Chromium failed (${String(e.message ?? e).split('\n')[0]}); stopping`,
  );
  process.exitCode = 2;
} finally {
  await browser?.close();
  server.close();
}
