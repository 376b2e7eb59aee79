#!/usr/bin/env node
// npm test: every check in order, continuing past failures so one run shows them all,
// then a single summary line ("test: N passed, N failed").
import { spawnSync } from 'node:child_process';

const STEPS = ['typecheck', 'lint', 'format:check', 'test:unit', 'test:py', 'test:e2e'];
const results = [];
for (const step of STEPS) {
  console.log(`\n=== npm run ${step}`);
  const started = Date.now();
  const run = spawnSync('npm', ['run', '--silent', step], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ step, ok: run.status === 0, seconds });
}
console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.step} (${r.seconds} s)`);
const passed = results.filter((r) => r.ok).length;
console.log(`test: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
