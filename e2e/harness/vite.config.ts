import { cpSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { PEER_PACKAGES } from '../../src/cli/peer-packages';

const root = resolve(__dirname, '../..');

/** Builds the test-only engine harness into dist-harness/, with the test fixtures, our models
 * and the peer models (for the browser benchmark). */
export default defineConfig({
  root: __dirname,
  base: './',
  build: { outDir: resolve(root, 'dist-harness'), emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  plugins: [
    {
      name: 'copy-models',
      closeBundle() {
        cpSync(resolve(root, 'tests/fixtures'), resolve(root, 'dist-harness/fixtures'), {
          recursive: true,
        });
        // the peers the benchmark compares against, from their npm packages
        for (const pkg of PEER_PACKAGES) {
          const from = resolve(root, 'node_modules', pkg, 'models');
          const name = pkg.split('/')[1];
          if (existsSync(from))
            cpSync(from, resolve(root, 'dist-harness/peers', name), { recursive: true });
        }
        if (existsSync(resolve(root, 'models'))) {
          cpSync(resolve(root, 'models'), resolve(root, 'dist-harness/models'), {
            recursive: true,
          });
        }
      },
    },
  ],
});
