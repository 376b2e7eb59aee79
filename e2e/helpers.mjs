// Shared helpers for the e2e tests: a static server over dist/ and Debian's Chromium driven by
// playwright-core with a fresh profile per launch (never a downloaded browser).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { preview } from 'vite';

/** Headers that make a page cross-origin isolated (SharedArrayBuffer, threaded WASM). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Serves a built folder with Vite's preview server on a free port (the same server as
 * `npm start`); `server` is its Node HTTP server. */
export async function serveDist(root = 'dist', headers = {}) {
  const vite = await preview({
    configFile: false,
    appType: 'mpa', // a missing file is a 404, not index.html
    logLevel: 'warn',
    build: { outDir: root },
    preview: { host: '127.0.0.1', port: 0, headers },
  });
  const server = vite.httpServer;
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

/** In every page: `await window.__viewPixels(selector)` gives the pixels an image view shows
 * ({ width, height, data: RGBA bytes }) once they are all drawn. The app shows a result as a grid
 * of canvases (src/ui/image/painter.ts) inside a `.compare__canvas` element, the one `selector`
 * names or the first inside it (waited for, as a difference map is made in a worker); a plain
 * canvas (the input's preview) is read as it is. */
function VIEW_PIXELS() {
  const find = async (selector) => {
    for (let waited = 0; waited < 60_000; waited += 20) {
      const found = document.querySelector(selector);
      const view = found?.matches('.compare__canvas, canvas')
        ? found
        : found?.querySelector('.compare__canvas');
      if (view) return view;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no image view at ${selector}`);
  };
  const viewPixels = async (view) => {
    while (view.dataset.painted !== 'true') await new Promise((r) => setTimeout(r, 20));
    const [width, height] = [parseInt(view.style.width), parseInt(view.style.height)];
    const data = new Uint8ClampedArray(width * height * 4);
    for (const c of view.querySelectorAll('canvas')) {
      const [x, y] = [parseInt(c.style.left), parseInt(c.style.top)];
      const block = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let r = 0; r < c.height; r++)
        data.set(block.subarray(r * c.width * 4, (r + 1) * c.width * 4), ((y + r) * width + x) * 4);
    }
    return { width, height, data };
  };
  // What the layer shows: its views composited in order, each at its CSS opacity (the
  // strength blend lays the result over the input), as under + opacity · (over − under).
  window.__viewPixels = async (selector) => {
    const view = await find(selector);
    if (view instanceof HTMLCanvasElement) {
      const { width, height } = view;
      return { width, height, data: view.getContext('2d').getImageData(0, 0, width, height).data };
    }
    // a view asked for by itself is read alone; a layer shows all of its views
    const alone = document.querySelector(selector) === view;
    const stage = view.parentElement;
    const views =
      alone || !stage ? [view] : [...stage.querySelectorAll(':scope > .compare__canvas')];
    const shown = await viewPixels(views[0]);
    for (const over of views.slice(1)) {
      const top = await viewPixels(over);
      const a = parseFloat(getComputedStyle(over).opacity);
      for (let i = 0; i < shown.data.length; i++)
        shown.data[i] = shown.data[i] + a * (top.data[i] - shown.data[i]);
    }
    return shown;
  };
}

/** Launches Chromium; `webgpu: true` adds --enable-unsafe-webgpu (SwiftShader's adapter here). */
export async function launch({ webgpu = false, phone = false } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'iln-e2e-'));
  // ILN_CHROMIUM_ARGS: more flags, space-separated (scripts/gpu-bench.sh: WebGPU on a real GPU)
  const extra = (process.env.ILN_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean);
  const args = [...BASE_ARGS, ...(webgpu ? ['--enable-unsafe-webgpu'] : []), ...extra];
  // phone: a 390×844 touch screen (a coarse pointer, no hover), as a current phone
  const device = phone
    ? {
        viewport: { width: 390, height: 844 },
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 3,
      }
    : { viewport: { width: 1280, height: 720 } };
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args,
    ...device,
  });
  await context.addInitScript(VIEW_PIXELS);
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(120_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    page,
    context,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Serves dist/ and opens the app in a fresh Chromium on the wasm backend (what the e2e flows
 * use: software WebGPU is too slow here), with 128-px tiles pinned (the tests count tiles, and a
 * fresh profile would otherwise measure its tile size first; tile-choice.e2e.mjs does that).
 * `tile: null` leaves the tile to the app's measurement. Call close() in after(). */
export async function openAppOnWasm({ phone = false, tile = 128 } = {}) {
  const served = await serveDist();
  const browser = await launch({ webgpu: true, phone });
  await browser.page.goto(`${served.url}?backend=wasm${tile ? `&tile=${tile}` : ''}`);
  await browser.page.waitForSelector('[data-backend="wasm"]');
  return {
    served,
    browser,
    page: browser.page,
    async close() {
      await browser.close();
      served.server.close();
    },
  };
}

/** One app on wasm for a whole test file: opened before its tests (then `onOpen(app)`), closed
 * after them. The returned object is filled in once it is open (`.page`, `.browser`, `.served`). */
export function appForTests(onOpen = () => {}, options = {}) {
  const app = {};
  before(async () => onOpen(Object.assign(app, await openAppOnWasm(options))));
  after(() => app.close?.());
  return app;
}

const exactly = (t) => new RegExp(`^${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
/** Waits until the element shows the text (decoding and rendering are asynchronous). */
export async function shows(page, testId, text) {
  await page
    .getByTestId(testId)
    .filter({ hasText: typeof text === 'string' ? exactly(text) : text })
    .waitFor();
}

/** Clicks Restore and waits for each norm's result and for the job to end. */
export async function restoreAndWait(page, norms = ['iln']) {
  await page.getByTestId('run').click();
  for (const n of norms) await page.getByTestId(`result-${n}`).waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="job-status"] progress'));
}

/** Waits until the backend badge has settled and returns what it shows. */
export async function readBackend(page, timeout = 60_000) {
  await page.waitForSelector(
    '[data-testid="backend"][data-backend], [data-testid="backend"][role="alert"]',
    {
      timeout,
    },
  );
  // textContent: the details sit in a closed <details>, which innerText does not read
  const text = async (id) => (await page.locator(`[data-testid="${id}"]`).textContent()).trim();
  return {
    name: await text('backend-name'),
    device: await text('backend-device'),
    reason: await text('backend-reason'),
  };
}

/** A PNG of (w, h) with a smooth pattern (and optional alpha), as bytes. */
export function makePng(w, h, { alpha = false } = {}) {
  const png = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      png.data[i] = (x * 255) / w;
      png.data[i + 1] = (y * 255) / h;
      png.data[i + 2] = 128 + 100 * Math.sin((x + y) / 3);
      png.data[i + 3] = alpha ? (x < w / 2 ? 255 : 96) : 255;
    }
  }
  return PNG.sync.write(png);
}

/** Drops files on the page the way a user's drag-and-drop does: a real DataTransfer.
 * files: [{ name, bytes, type }] */
export async function dropFiles(page, files) {
  const payload = files.map((f) => [f.name, Buffer.from(f.bytes).toString('base64'), f.type]);
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const [n, b64, t] of list) {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([data], n, { type: t }));
    }
    document.body.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
    document.body.dispatchEvent(
      new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }),
    );
  }, payload);
}

export function dropFile(page, name, bytes, type = 'image/png') {
  return dropFiles(page, [{ name, bytes, type }]);
}

/** PSNR (dB) between two RGBA byte arrays of the same size, over RGB. */
export function psnrRgb(a, b) {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    sum += (a[i] - b[i]) ** 2;
    n++;
  }
  return sum === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / sum);
}

export async function shoot(page, name) {
  mkdirSync('e2e/screenshots', { recursive: true });
  await page.screenshot({ path: `e2e/screenshots/${name}.png`, fullPage: true });
}
