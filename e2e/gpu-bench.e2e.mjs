// scripts/gpu-bench.sh as far as a machine without a GPU allows (issue 25): the dry run checks
// for an NVIDIA GPU, then asks Chromium (with the script's Vulkan flags) for its WebGPU adapter,
// and stops with the reason when that is software; on a GPU machine it passes both checks.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

test('the GPU benchmark dry run reaches the adapter check and says why it stops', () => {
  const run = spawnSync('bash', ['scripts/gpu-bench.sh', '--dry-run'], { encoding: 'utf8' });
  const out = `${run.stdout}${run.stderr}`;
  console.log(out.trim());
  assert.match(out, /^(GPU: .+|no NVIDIA GPU here \(nvidia-smi not found\))$/m);
  if (run.status === 0) {
    assert.match(out, /^WebGPU adapter: .+$/m);
    assert.match(out, /dry run, the checks passed/);
  } else {
    assert.equal(run.status, 2, out);
    assert.match(out, /(software \(.+\), not a GPU|no WebGPU adapter: .+); stopping/);
    assert.match(out, /gpu-bench: no hardware WebGPU adapter, so no GPU numbers \(exit 2\)/);
  }
});
