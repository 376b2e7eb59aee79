/** The kernel table of `npm run profile`: tf.profile's kernels summed per name (or per name and
 * input shapes), per pass. */
import type * as tf from '@tensorflow/tfjs';

export interface KernelRow {
  name: string;
  /** kernel time per pass, ms */
  ms: number;
  /** calls per pass */
  calls: number;
}

/** Sums tf.profile's kernels by name, per pass; fused ops' op records (no kernel) are left out. */
export function kernelTable(
  kernels: Awaited<ReturnType<typeof tf.profile>>['kernels'],
  passes: number,
  byShape = false,
): KernelRow[] {
  const rows = new Map<string, KernelRow>();
  for (const k of kernels) {
    if (k.name.endsWith('__op')) continue; // a fused op's record, besides its kernel's
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const name = byShape
      ? `${k.name} ${k.inputShapes.map((s: number[] | undefined) => `(${s?.join(',')})`).join(' ')}`
      : k.name;
    const row = rows.get(name) ?? { name, ms: 0, calls: 0 };
    row.ms += ms / passes;
    row.calls += 1 / passes;
    rows.set(name, row);
  }
  return [...rows.values()].sort((a, b) => b.ms - a.ms);
}

export function printKernelTable(rows: KernelRow[]): void {
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const calls = rows.reduce((s, r) => s + r.calls, 0);
  console.log('| kernel | ms per pass | share | calls per pass |');
  console.log('|---|---|---|---|');
  for (const r of rows) {
    const share = total ? (100 * r.ms) / total : 0;
    console.log(
      `| ${r.name} | ${r.ms.toFixed(2)} | ${share.toFixed(1)} % | ${Math.round(r.calls)} |`,
    );
  }
  console.log(`| **all** | **${total.toFixed(2)}** | 100 % | ${Math.round(calls)} |`);
}
