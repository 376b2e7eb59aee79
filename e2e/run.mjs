// Runs every e2e/*.e2e.mjs file with node's test runner, one file at a time (Chromium with
// software WebGPU is heavy on a small machine).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('e2e')
  .filter((f) => f.endsWith('.e2e.mjs'))
  .sort()
  .map((f) => `e2e/${f}`);
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
