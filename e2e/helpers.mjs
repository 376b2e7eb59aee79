// Shared helpers for the e2e tests: a static server over dist/ and Debian's Chromium driven by
// playwright-core with a fresh profile per launch (never a downloaded browser).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function serveDist(root = 'dist') {
  const server = await startServer(root, 0);
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** Launches Chromium; `webgpu: true` adds --enable-unsafe-webgpu (SwiftShader's adapter here). */
export async function launch({ webgpu = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'iln-e2e-'));
  const args = [...BASE_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: { width: 1280, height: 720 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the backend badge has settled and returns what it shows. */
export async function readBackend(page, timeout = 60_000) {
  await page.waitForSelector(
    '[data-testid="backend"][data-backend], [data-testid="backend"][role="alert"]',
    {
      timeout,
    },
  );
  const text = (id) => page.locator(`[data-testid="${id}"]`).innerText();
  return {
    name: await text('backend-name'),
    device: await text('backend-device'),
    reason: await text('backend-reason'),
  };
}
