/** Peer super-resolution models (UpscalerJS's ESRGAN family): tfjs layers models that take and
 * give pixels in 0–255, wrapped as a TileNetwork so they run through the same tiling as ours. */
import * as tf from '@tensorflow/tfjs';
import type { TileNetwork } from './restorer';
import type { FileSource } from './model-files';
import { readWeightFiles } from './weights';

export interface PeerNetwork extends TileNetwork {
  readonly name: string;
  parameterCount(): number;
  /** FLOPs (2 per multiply-add) per output pixel, counted from the conv layers. */
  flopsPerOutputPixel(): number;
}

interface LayersModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Reads model.json and its weight shards through the same FileSource as our models. */
async function readLayersModel(source: FileSource, modelPath: string): Promise<tf.LayersModel> {
  let json: LayersModelJson;
  try {
    json = JSON.parse(await source.readText(modelPath)) as LayersModelJson;
  } catch (e) {
    if (e instanceof SyntaxError) throw new Error(`${modelPath}: not valid JSON (${e.message})`);
    throw e;
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest))
    throw new Error(`${modelPath}: not a tfjs layers model (no modelTopology or weightsManifest)`);
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: await readWeightFiles(source, modelPath, json),
      format: json.format,
    }),
  );
}

/** Conv FLOPs per output pixel, with each conv's resolution measured on a probe input. */
function convFlopsPerOutputPixel(model: tf.LayersModel, probe: number, scale: number): number {
  const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D');
  const taps = tf.model({
    inputs: model.inputs,
    outputs: convs.map((l) => l.output as tf.SymbolicTensor),
  });
  const outputs = tf.tidy(() => taps.predict(tf.zeros([1, probe, probe, 3])) as tf.Tensor[]);
  let flops = 0;
  convs.forEach((layer, i) => {
    const [kh, kw, cin, cout] = layer.getWeights()[0]!.shape as number[];
    const [, h, w] = outputs[i]!.shape as number[];
    flops += 2 * kh! * kw! * cin! * cout! * h! * w!;
  });
  tf.dispose(outputs);
  return flops / (probe * scale) ** 2;
}

/** Loads a peer and checks that it really upscales by `scale` before anyone relies on it. */
export async function loadPeer(
  source: FileSource,
  modelPath: string,
  name: string,
  scale: number,
): Promise<PeerNetwork> {
  const model = await readLayersModel(source, modelPath);
  const got = tf.tidy(() => (model.predict(tf.zeros([1, 8, 8, 3])) as tf.Tensor4D).shape);
  if (got[1] !== 8 * scale || got[2] !== 8 * scale || got[3] !== 3) {
    model.dispose();
    throw new Error(`${modelPath}: expected a ×${scale} RGB model, but 8×8 gives ${got.join('×')}`);
  }
  const flops = convFlopsPerOutputPixel(model, 8, scale);
  return {
    name,
    scale,
    forward: (x) =>
      tf.tidy(() => (model.predict(x.mul(255)) as tf.Tensor4D).div(255) as tf.Tensor4D),
    parameterCount: () => model.countParams(),
    flopsPerOutputPixel: () => flops,
    dispose: () => model.dispose(),
  };
}
