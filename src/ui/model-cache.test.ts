import { describe, expect, it } from 'vitest';
import { cachedSource, MODEL_CACHE } from './model-cache';

/** Cache Storage in memory: the four calls the model cache uses. */
class MemoryCache {
  entries = new Map<string, Response>();
  async match(url: string) {
    return this.entries.get(new URL(url).href)?.clone();
  }
  async put(url: string, res: Response) {
    this.entries.set(new URL(url).href, res);
  }
  async keys() {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
  async delete(req: Request) {
    return this.entries.delete(req.url);
  }
}

function storage(cache: MemoryCache): CacheStorage {
  return {
    open: async (name: string) => {
      expect(name).toBe(MODEL_CACHE);
      return cache as unknown as Cache;
    },
  } as unknown as CacheStorage;
}

const BASE = 'https://app.example/models/sr-x2-iln/';

describe('cachedSource', () => {
  it('downloads once, then answers from the cache', async () => {
    const cache = new MemoryCache();
    let downloads = 0;
    const fetchImpl = (async () => {
      downloads++;
      return new Response('{"a": 1}');
    }) as unknown as typeof fetch;
    const url = `${BASE}model.json?v=1`;
    expect(await cachedSource(undefined, storage(cache), fetchImpl).readText(url)).toBe('{"a": 1}');
    const again = cachedSource(undefined, storage(cache), fetchImpl);
    expect(await again.readText(url)).toBe('{"a": 1}');
    expect([downloads, again.hits]).toEqual([1, 1]);
  });

  it('an updated model replaces the superseded version of each file, not other files', async () => {
    const cache = new MemoryCache();
    const fetchImpl = (async (u: string) => new Response(u)) as unknown as typeof fetch;
    const old = cachedSource(undefined, storage(cache), fetchImpl);
    await old.readText(`${BASE}model.json?v=1`);
    await old.readBinary(`${BASE}weights.bin?v=1`);
    await old.readText('https://app.example/models/sr-x2-ln/model.json?v=1');
    const updated = cachedSource(undefined, storage(cache), fetchImpl);
    await updated.readText(`${BASE}model.json?v=2`);
    await updated.readBinary(`${BASE}weights.bin?v=2`);
    expect(updated.purged).toBe(2);
    expect([...cache.entries.keys()].sort()).toEqual([
      `${BASE}model.json?v=2`,
      `${BASE}weights.bin?v=2`,
      'https://app.example/models/sr-x2-ln/model.json?v=1',
    ]);
  });
});
