/** A model's files, without tfjs: how they are read (FileSource), where a weight file lives,
 * and reading them all once into memory, so the page downloads a model one time and hands the
 * bytes to every worker. */

/** How the loader reads files: fetch in the browser, the file system in Node. */
export interface FileSource {
  readText(path: string): Promise<string>;
  readBinary(path: string): Promise<ArrayBuffer>;
}

/** A file next to model.json; a version query on model.json (?v=hash) carries over. */
export function siblingPath(modelPath: string, name: string): string {
  const [path, query] = modelPath.split('?', 2) as [string, string | undefined];
  const cut = path.lastIndexOf('/');
  const sibling = cut < 0 ? name : `${path.slice(0, cut + 1)}${name}`;
  return query ? `${sibling}?${query}` : sibling;
}

/** fetch() with failures named by URL: a missing file is "file not found", not a parse error. */
export async function fetchOrExplain(
  url: string,
  init?: RequestInit,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch (e) {
    throw new Error(
      `${url}: could not be downloaded (${e instanceof Error ? e.message : String(e)}); you may be offline`,
    );
  }
  if (!res.ok)
    throw new Error(`${url}: ${res.status === 404 ? 'file not found' : `HTTP ${res.status}`}`);
  return res;
}

/** model.json and every weight file it names, read once (keyed by the path they were read at).
 * A model.json that does not parse is returned alone: the loader reports it exactly. */
export async function readModelFiles(
  source: FileSource,
  modelPath: string,
): Promise<Record<string, ArrayBuffer>> {
  const files: Record<string, ArrayBuffer> = {};
  const json = await source.readBinary(modelPath);
  files[modelPath] = json;
  let paths: string[] = [];
  try {
    const m = JSON.parse(new TextDecoder().decode(json)) as {
      weightsManifest?: { paths?: string[] }[];
    };
    paths = (m.weightsManifest ?? []).flatMap((g) => g.paths ?? []);
  } catch {
    return files;
  }
  for (const p of paths) {
    const at = siblingPath(modelPath, p);
    files[at] ??= await source.readBinary(at);
  }
  return files;
}

/** A FileSource over files already read (readModelFiles); anything else is "file not found". */
export function memorySource(files: Record<string, ArrayBuffer>): FileSource {
  const get = async (path: string) => {
    const file = files[path];
    if (!file) throw new Error(`${path}: file not found`);
    return file;
  };
  return {
    readText: async (path) => new TextDecoder().decode(await get(path)),
    readBinary: get,
  };
}
