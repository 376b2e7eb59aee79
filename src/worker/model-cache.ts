/** Model files through Cache Storage: downloaded once (with progress), then served offline. */
import { fetchOrExplain } from '../engine/model';
import type { FileSource } from '../engine/weights';

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

/** A FileSource that answers from the cache, else downloads and stores a copy. */
export function cachedSource(onProgress?: DownloadProgress): FileSource & { hits: number } {
  const open = () =>
    typeof caches === 'undefined'
      ? Promise.resolve(null)
      : caches.open(MODEL_CACHE).catch(() => null);
  const get = async (url: string): Promise<ArrayBuffer> => {
    const cache = await open();
    const hit = await cache?.match(url);
    if (hit) {
      source.hits++;
      return hit.arrayBuffer();
    }
    const res = await fetchOrExplain(url);
    const body = await readWithProgress(res, url, onProgress);
    await cache?.put(
      url,
      new Response(body.slice(0), {
        headers: { 'Content-Type': res.headers.get('Content-Type') ?? '' },
      }),
    );
    return body;
  };
  const source = {
    hits: 0,
    readText: async (url: string) => new TextDecoder().decode(await get(url)),
    readBinary: get,
  };
  return source;
}
