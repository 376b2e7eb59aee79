import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readHeader } from './sniff';
import { fitToTask, maxInputPixels, sizeProblem } from './limits';

function png(w: number, h: number): Uint8Array {
  return PNG.sync.write(new PNG({ width: w, height: h }));
}

function jpg(w: number, h: number): Uint8Array {
  return jpeg.encode({ data: new Uint8Array(w * h * 4), width: w, height: h }, 80).data;
}

const gif = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 7, 0, 5, 0, 0, 0, 0]);
function bmp(w: number, h: number): Uint8Array {
  const b = new Uint8Array(54);
  const v = new DataView(b.buffer);
  b.set([0x42, 0x4d]);
  v.setInt32(18, w, true);
  v.setInt32(22, -h, true); // top-down BMPs store a negative height
  return b;
}
function webpLossless(w: number, h: number): Uint8Array {
  const b = new Uint8Array(30);
  b.set(new TextEncoder().encode('RIFF'), 0);
  b.set(new TextEncoder().encode('WEBPVP8L'), 8);
  new DataView(b.buffer).setUint32(21, (w - 1) | ((h - 1) << 14), true);
  return b;
}

describe('readHeader', () => {
  it.each([
    ['png', png(33, 17), 33, 17],
    ['jpeg', jpg(21, 9), 21, 9],
    ['gif', gif, 7, 5],
    ['bmp', bmp(40, 30), 40, 30],
    ['webp', webpLossless(300, 200), 300, 200],
  ])('reads the size of a %s from its header', (kind, bytes, w, h) => {
    expect(readHeader(bytes)).toEqual({ kind, width: w, height: h });
  });

  it.each([
    [new Uint8Array(0), 'a.png is empty (0 bytes).'],
    [
      new TextEncoder().encode('hello, not an image'),
      'a.png is not an image this app reads (PNG, JPEG, WebP, AVIF, BMP or GIF).',
    ],
    [
      new TextEncoder().encode('<?xml version="1.0"?><svg></svg>'),
      'a.png is an SVG drawing: it has no pixels to restore. Export it as PNG first.',
    ],
    [png(10, 10).subarray(0, 20), 'a.png looks like a PNG but its header is corrupt or truncated.'],
    [
      jpg(10, 10).subarray(0, 40),
      'a.png looks like a JPEG but its header is corrupt or truncated.',
    ],
  ])('refuses bad input with an exact message (%#)', (bytes, message) => {
    expect(() => readHeader(bytes, 'a.png')).toThrow(message);
  });
});

describe('sizeProblem', () => {
  it('accepts what fits, explains what does not and offers the size that fits', () => {
    expect(sizeProblem('sr-x2', 2560, 1600)).toBeNull(); // the common 4.1 MP screen
    expect(sizeProblem('denoise', 8000, 6000)).toBeNull(); // a 48 MP phone photo
    expect(sizeProblem('sr-x4', 4000, 2000)).toBe(
      'This image is 4000×2000 (8.0 MP): too large for Super-resolution ×4, which takes up to 4.0 MP (×4 makes it 128.0 MP; results are kept up to 64.0 MP). Downscale it to 2828×1414 to restore it.',
    );
  });

  it('fits to the task keeping the aspect ratio and never enlarging', () => {
    for (const [w, h] of [
      [4000, 2000],
      [10000, 9000],
      [12345, 777],
    ] as const) {
      const fit = fitToTask('sr-x4', w, h);
      expect(fit.width * fit.height).toBeLessThanOrEqual(maxInputPixels('sr-x4'));
      expect(fit.width * fit.height).toBeGreaterThan(maxInputPixels('sr-x4') * 0.995);
      expect(Math.abs(fit.width / fit.height - w / h)).toBeLessThan(0.01 * (w / h));
    }
    expect(fitToTask('sr-x2', 100, 50)).toEqual({ width: 100, height: 50 });
  });
});
