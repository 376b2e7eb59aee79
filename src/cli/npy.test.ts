import { describe, expect, it } from 'vitest';
import { parseNpy } from './npy';

/** A .npy v1.0 file as numpy.save writes it (header padded so the data starts on 64 bytes). */
function npy(header: string, values: number[]): Uint8Array {
  const pad = 64 - ((10 + header.length + 1) % 64);
  const h = header + ' '.repeat(pad) + '\n';
  const out = new Uint8Array(10 + h.length + values.length * 4);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0]);
  new DataView(out.buffer).setUint16(8, h.length, true);
  out.set(
    Array.from(h, (c) => c.charCodeAt(0)),
    10,
  );
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(10 + h.length + i * 4, v, true));
  return out;
}

describe('parseNpy', () => {
  it('reads shape and float32 values', () => {
    const file = npy(
      "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }",
      [0, 0.5, 1, -0.25, 2, 3],
    );
    const { shape, data } = parseNpy(file);
    expect(shape).toEqual([1, 2, 3]);
    expect(Array.from(data)).toEqual([0, 0.5, 1, -0.25, 2, 3]);
  });

  it('names what it cannot read', () => {
    expect(() => parseNpy(new Uint8Array(16), 'x.npy')).toThrow('x.npy: not a .npy file');
    const f64 = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", []);
    expect(() => parseNpy(f64, 'x.npy')).toThrow(
      "x.npy: expected float32 (<f4), got {'descr': '<f8'",
    );
    const short = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", [1, 2, 3]);
    expect(() => parseNpy(short, 'x.npy')).toThrow('x.npy: 12 data bytes for shape (2, 2)');
  });
});
