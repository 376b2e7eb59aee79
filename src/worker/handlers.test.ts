import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPES } from '../shared/protocol';
import { handlers } from './handlers';

describe('the worker handlers', () => {
  it('answer every message type of the protocol, and no other', () => {
    expect(Object.keys(handlers).sort()).toEqual([...MESSAGE_TYPES].sort());
    for (const type of MESSAGE_TYPES) expect(typeof handlers[type].run).toBe('function');
  });

  it('answer the backend-free messages with their reply bodies', async () => {
    const never = new AbortController().signal;
    const rgba = new Uint8ClampedArray([10, 20, 30, 255]);
    const up = await handlers.upscale.run(
      { id: 1, type: 'upscale', rgba, width: 1, height: 1, scale: 2 },
      never,
    );
    expect([up.width, up.height, up.rgba.length]).toEqual([2, 2, 16]);
    const diff = await handlers.difference.run(
      { id: 2, type: 'difference', a: rgba, b: rgba, width: 1, height: 1, gain: 4 },
      never,
    );
    expect(diff.psnr).toBe(Infinity);
  });
});
