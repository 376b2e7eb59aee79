import { describe, expect, it } from 'vitest';
import { kernelTable } from './profile-table';

const kernel = (name: string, ms: number, shapes: number[][] = [[4]]) =>
  ({ name, kernelTimeMs: ms, inputShapes: shapes }) as never;

describe('the kernel table', () => {
  it('sums each kernel per pass, largest first, without the fused ops records', () => {
    const rows = kernelTable(
      [
        kernel('Add', 1),
        kernel('IlnDense', 6),
        kernel('fusedMatMul__op', 6),
        kernel('Add', 3),
        kernel('IlnDense', 4),
      ],
      2,
    );
    expect(rows).toEqual([
      { name: 'IlnDense', ms: 5, calls: 1 },
      { name: 'Add', ms: 2, calls: 1 },
    ]);
  });

  it('splits a kernel by its input shapes when asked', () => {
    const rows = kernelTable([kernel('Add', 1, [[2, 3]]), kernel('Add', 2, [[4]])], 1, true);
    expect(rows.map((r) => r.name)).toEqual(['Add (4)', 'Add (2,3)']);
  });
});
