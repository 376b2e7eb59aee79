/** Loads model.json and its weights through a FileSource, validating everything before any
 * tensor is built, and returns the network ready to run. */
import type { ModelManifest } from './manifest';
import { parseManifest } from './manifest';
import { RestorationNetwork } from './network';
import { decodeWeights, readWeightFiles, validateSpecs, type FileSource } from './weights';

export interface LoadedModel {
  manifest: ModelManifest;
  network: RestorationNetwork;
}

export async function loadModel(source: FileSource, modelPath: string): Promise<LoadedModel> {
  const manifest = parseManifest(modelPath, await source.readText(modelPath));
  const specs = manifest.weightsManifest.flatMap((g) => g.weights);
  validateSpecs(modelPath, specs, manifest.arch);
  const binFile = manifest.weightsManifest.flatMap((g) => g.paths).join(', ');
  const buffer = await readWeightFiles(source, modelPath, manifest);
  const weights = decodeWeights(binFile, buffer, specs);
  return { manifest, network: new RestorationNetwork(manifest.arch, weights) };
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

/** Reads over HTTP(S); a missing file is reported by name, not as a JSON parse error. */
export function fetchSource(init?: RequestInit, fetchImpl: typeof fetch = fetch): FileSource {
  return {
    readText: async (url) => (await fetchOrExplain(url, init, fetchImpl)).text(),
    readBinary: async (url) => (await fetchOrExplain(url, init, fetchImpl)).arrayBuffer(),
  };
}
