#!/usr/bin/env node
// Serves the built app (dist/, with the bundled models copied in) on localhost.
// Usage: node scripts/serve.mjs [--port N] [--dir dist]
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.bin': 'application/octet-stream',
};

function resolvePath(root, url) {
  const path = normalize(join(root, decodeURIComponent(url.split('?')[0])));
  if (!path.startsWith(root)) return null;
  if (existsSync(path) && statSync(path).isFile()) return path;
  return extname(path) ? null : join(root, 'index.html'); // SPA routes, but real 404s for files
}

/** Headers that make a page cross-origin isolated (SharedArrayBuffer, threaded WASM). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Starts a static server for `root` on 127.0.0.1; resolves with the server once listening.
 * `headers` are added to every response. */
export function startServer(root, port = 0, headers = {}) {
  root = resolve(root);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`No built app in ${root}: run "npm run build" first.`);
  }
  const server = createServer((req, res) => {
    const path = resolvePath(root, req.url ?? '/');
    if (!path) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
      ...headers,
    });
    createReadStream(path).pipe(res);
  });
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(server)));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  try {
    const server = await startServer(
      option('dir', 'dist'),
      Number(option('port', process.env.PORT ?? 4173)),
    );
    console.log(`iLN Restore is running at http://localhost:${server.address().port}/`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
