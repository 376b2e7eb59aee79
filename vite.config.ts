import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const MODELS_DIR = resolve(__dirname, 'models');

/** models/index.json: the shipped models (those with model.json) and a content hash each. */
function modelIndex(): string {
  const names = existsSync(MODELS_DIR)
    ? readdirSync(MODELS_DIR).filter((d) => existsSync(join(MODELS_DIR, d, 'model.json')))
    : [];
  const models = names.sort().map((name) => {
    const hash = createHash('sha256');
    for (const f of ['model.json', 'weights.bin']) {
      if (existsSync(join(MODELS_DIR, name, f)))
        hash.update(readFileSync(join(MODELS_DIR, name, f)));
    }
    return { name, hash: hash.digest('hex').slice(0, 16) };
  });
  return JSON.stringify({ models }, null, 1);
}

/** The bundled models live in models/ (next to their cards); serve them at /models/ in dev
 * and copy them into dist/models/ on build, so the built app is self-contained. */
function bundledModels(): Plugin {
  let outDir = 'dist';
  return {
    name: 'bundled-models',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use('/models/index.json', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(modelIndex());
      });
      server.middlewares.use('/models', (req, res, next) => {
        const path = normalize(
          join(MODELS_DIR, decodeURIComponent((req.url ?? '/').split('?')[0]!)),
        );
        if (!path.startsWith(MODELS_DIR) || !existsSync(path) || !statSync(path).isFile())
          return next();
        res.setHeader(
          'Content-Type',
          extname(path) === '.json' ? 'application/json' : 'application/octet-stream',
        );
        res.end(readFileSync(path));
      });
    },
    closeBundle() {
      if (existsSync(MODELS_DIR)) cpSync(MODELS_DIR, join(outDir, 'models'), { recursive: true });
      mkdirSync(join(outDir, 'models'), { recursive: true });
      writeFileSync(join(outDir, 'models', 'index.json'), modelIndex());
    },
  };
}

/** Offline and installable: a service worker (Workbox, through vite-plugin-pwa) precaches the
 * app shell (HTML, JS, CSS, the WASM binaries, icons, samples); the models stay in the app's own
 * Cache Storage (src/worker/model-cache.ts), versioned by content hash. */
function offlineApp() {
  return VitePWA({
    registerType: 'autoUpdate',
    injectRegister: false, // registered in src/ui/offline.ts, which tells the page when it is ready
    manifest: {
      name: 'iLN Restore',
      short_name: 'iLN Restore',
      description:
        'Restore photos on your own machine: super-resolution, denoising, JPEG artifact removal and deraining, with LN and i-LN side by side.',
      theme_color: '#2f6fdb',
      background_color: '#ffffff',
      display: 'standalone',
      start_url: './',
      scope: './',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        {
          src: 'icons/icon-maskable-512.png',
          sizes: '512x512',
          type: 'image/png',
          purpose: 'maskable',
        },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,css,html,wasm,png,webmanifest}'],
      globIgnores: ['models/**'],
      // tfjs's WASM binaries are a few MB each
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      navigateFallback: 'index.html',
      // a new version takes over at once, and the first visit is already controlled (offline-ready)
      clientsClaim: true,
      skipWaiting: true,
      navigateFallbackDenylist: [/^\/models\//],
    },
  });
}

export default defineConfig({
  plugins: [bundledModels(), offlineApp()],
  appType: 'mpa', // one page; a missing file is a 404, not index.html
  preview: { port: 4173, host: 'localhost' },
  esbuild: { jsx: 'automatic' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
  },
});
