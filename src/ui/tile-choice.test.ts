import { beforeEach, describe, expect, it } from 'vitest';
import type { BackendReport } from '../shared/protocol';
import { installMemoryStorage } from './memory-storage.test-helper';
import {
  choiceKey,
  forgetTile,
  pinnedTile,
  runSaysRemeasure,
  storedTile,
  storedTileCosts,
  storeTile,
  storeTileCosts,
  tileMemoryBudget,
} from './tile-choice';

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

describe('a remembered size that runs slowly is measured again', () => {
  beforeEach(() => void installMemoryStorage());
  // measured seconds per output pixel on one worker: 64 px costs 1.5x what 256 does
  const costs = { 64: 1.5e-6, 128: 1.12e-6, 256: 1e-6 };

  it('when a run costs well over another measured size, not for the sharing of the cores', () => {
    expect(runSaysRemeasure(64, costs, 1.3 * 1.5e-6)).toBe(true); // 64 chosen by noise
    expect(runSaysRemeasure(256, costs, 1.6 * 1e-6)).toBe(false); // workers sharing busy cores
    expect(runSaysRemeasure(256, { 256: 1e-6 }, 9e-6)).toBe(false); // nothing to compare with
  });

  it('forgets the choice and what was measured for it, so the next probe measures', () => {
    storeTile('k', 64);
    storeTileCosts('k', costs);
    storeTile('other', 192);
    forgetTile('k');
    expect(storedTile('k')).toBeUndefined();
    expect(storedTileCosts('k')).toBeUndefined();
    expect(storedTile('other')).toBe(192);
  });
});
