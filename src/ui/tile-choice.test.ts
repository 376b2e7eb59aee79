import { beforeEach, describe, expect, it } from 'vitest';
import type { BackendReport } from '../shared/protocol';
import { installMemoryStorage } from './memory-storage.test-helper';
import { choiceKey, pinnedTile, storedTile, storeTile, tileMemoryBudget } from './tile-choice';

const report = (active: string, device: string): BackendReport => ({
  active,
  selfCheck: true,
  choice: {
    backend: active as BackendReport['choice']['backend'],
    skipped: {},
    device,
    forced: false,
  },
});

describe('the app keeps a measured tile size per device, backend and model', () => {
  let store = new Map<string, string>();
  beforeEach(() => void (store = installMemoryStorage()));

  it('remembers each choice under its own key', () => {
    const wasm = choiceKey(report('wasm', '2 cores'), 'models/sr-x2-iln/model.json?v=1');
    const gpu = choiceKey(report('webgpu', 'nvidia'), 'models/sr-x2-iln/model.json?v=1');
    expect(wasm).not.toBe(gpu);
    expect(storedTile(wasm)).toBeUndefined();
    storeTile(wasm, 192);
    storeTile(gpu, 256);
    expect([storedTile(wasm), storedTile(gpu)]).toEqual([192, 256]);
  });

  it('measures again when the stored entry is damaged or storage is blocked', () => {
    store.set('iln-restore:tiles', '{not json');
    expect(storedTile('k')).toBeUndefined();
    store.set('iln-restore:tiles', JSON.stringify({ k: 'big' }));
    expect(storedTile('k')).toBeUndefined();
    Object.assign(globalThis, {
      localStorage: {
        getItem: () => {
          throw new Error('blocked');
        },
        setItem: () => {
          throw new Error('blocked');
        },
      },
    });
    expect(() => storeTile('k', 128)).not.toThrow();
    expect(storedTile('k')).toBeUndefined();
  });
});

describe('pinning and memory', () => {
  it('reads ?tile=N within the range the tiler accepts', () => {
    expect(pinnedTile('?backend=wasm&tile=128')).toBe(128);
    expect(pinnedTile('?backend=wasm')).toBeNull();
    expect(pinnedTile('?tile=12')).toBeNull();
    expect(pinnedTile('?tile=2000')).toBeNull();
    expect(pinnedTile('?tile=abc')).toBeNull();
  });

  it('shares a quarter of the device memory between the workers', () => {
    expect(tileMemoryBudget(2, 8)).toBe(2 ** 30);
    expect(tileMemoryBudget(4)).toBe(2 ** 28); // 4 GB assumed where the browser does not say
  });
});
