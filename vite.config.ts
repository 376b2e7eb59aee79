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

export default defineConfig({
  plugins: [bundledModels()],
  esbuild: { jsx: 'automatic' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
  },
});
