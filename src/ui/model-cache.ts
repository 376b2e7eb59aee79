/** Model files through Cache Storage: downloaded once (with progress), then served offline. */
import { fetchOrExplain, type FileSource } from '../engine/model-files';

export const MODEL_CACHE = 'iln-restore-models-v1';

export type DownloadProgress = (loaded: number, total: number, url: string) => void;

async function readWithProgress(
  res: Response,
  url: string,
  onProgress?: DownloadProgress,
): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('Content-Length') ?? 0);
  if (!res.body || !onProgress) return res.arrayBuffer();
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total || loaded, url);
  }
  const out = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** The same file under another ?v= hash is a superseded model version: delete it, so the
 * cache holds one copy of each model however often it is updated. */
async function purgeOtherVersions(cache: Cache, url: string): Promise<number> {
  const want = new URL(url, globalThis.location?.href);
  const path = want.origin + want.pathname;
  let purged = 0;
  for (const req of await cache.keys()) {
    const have = new URL(req.url);
    if (have.origin + have.pathname === path && have.href !== want.href)
      purged += Number(await cache.delete(req));
  }
  return purged;
}

/** A FileSource that answers from the cache, else downloads and stores a copy. */
export function cachedSource(
  onProgress?: DownloadProgress,
  storage: CacheStorage | undefined = globalThis.caches,
  fetchImpl: typeof fetch = fetch,
): FileSource & { hits: number; purged: number } {
  const open = () =>
    storage ? storage.open(MODEL_CACHE).catch(() => null) : Promise.resolve(null);
  const get = async (url: string): Promise<ArrayBuffer> => {
    const cache = await open();
    const hit = await cache?.match(url);
    if (hit) {
      source.hits++;
      return hit.arrayBuffer();
    }
    const res = await fetchOrExplain(url, undefined, fetchImpl);
    const body = await readWithProgress(res, url, onProgress);
    await cache?.put(
      url,
      new Response(body.slice(0), {
        headers: { 'Content-Type': res.headers.get('Content-Type') ?? '' },
      }),
    );
    if (cache) source.purged += await purgeOtherVersions(cache, url);
    return body;
  };
  const source = {
    hits: 0,
    purged: 0,
    readText: async (url: string) => new TextDecoder().decode(await get(url)),
    readBinary: get,
  };
  return source;
}
