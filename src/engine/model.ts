/** Loads model.json and its weights through a FileSource, validating everything before any
 * tensor is built, and returns the network ready to run. */
import type { ModelManifest } from './manifest';
import { parseManifest } from './manifest';
import { RestorationNetwork } from './network';
import { fetchOrExplain, type FileSource } from './model-files';
import { decodeWeights, readWeightFiles, validateSpecs } from './weights';

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

/** Reads over HTTP(S); a missing file is reported by name, not as a JSON parse error. */
export function fetchSource(init?: RequestInit, fetchImpl: typeof fetch = fetch): FileSource {
  return {
    readText: async (url) => (await fetchOrExplain(url, init, fetchImpl)).text(),
    readBinary: async (url) => (await fetchOrExplain(url, init, fetchImpl)).arrayBuffer(),
  };
}
