// The committed kernel binaries are what their WebAssembly text assembles to (so the source in
// the repo is the kernel that runs), and batch-matmul runs: a small product against plain loops
// (the fused kernels against tfjs: wasm-fused.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { assemble, generated } from '../../../scripts/build-kernels.mjs';
import { PLAIN } from './batch-matmul.wasm';

describe('the kernel binaries', () => {
  it.each(['batch-matmul', 'fused'])(
    'are the assembled %s.wat, in both memory variants',
    async (name) => {
      const source = readFileSync(`src/engine/kernels/${name}.wat`, 'utf8');
      const text = (generated as (n: string, b: unknown) => string)(
        name,
        await (assemble as (s: string) => Promise<unknown>)(source),
      );
      expect(readFileSync(`src/engine/kernels/${name}.wasm.ts`, 'utf8')).toBe(text);
    },
  );
});

describe('batch-matmul kernel', () => {
  it('multiplies batched matrices and transposes, in place in the memory it is given', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const bytes = Uint8Array.from(atob(PLAIN), (c) => c.charCodeAt(0));
    const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } })
      .exports as unknown as {
      matmul: (...args: number[]) => void;
      transpose: (...args: number[]) => void;
    };
    const f = new Float32Array(memory.buffer);
    const [batch, m, kk, n] = [2, 5, 3, 8]; // 5 rows: one block of four and one left over
    const [a, b, c, d] = [0, 64, 128, 256]; // float offsets
    for (let i = 0; i < 128; i++) f[i] = ((i * 37) % 11) - 5;
    k.matmul(a * 4, b * 4, c * 4, batch, m, kk, n);
    for (let t = 0; t < batch; t++)
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let want = 0;
          for (let x = 0; x < kk; x++)
            want += f[a + t * m * kk + i * kk + x]! * f[b + t * kk * n + x * n + j]!;
          expect(f[c + t * m * n + i * n + j]).toBe(want);
        }
    k.transpose(b * 4, d * 4, batch, kk, n);
    for (let t = 0; t < batch; t++)
      for (let x = 0; x < kk; x++)
        for (let j = 0; j < n; j++)
          expect(f[d + t * kk * n + j * kk + x]).toBe(f[b + t * kk * n + x * n + j]);
  });
});
