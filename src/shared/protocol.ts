/** The typed messages between the UI thread and the inference worker. Every request carries
 * an id; the worker answers with the same id, so the bridge can route replies and aborts.
 * Pixel buffers travel as transferables. */
import type { BackendChoice, BackendName } from './backend';

export interface BackendReport {
  choice: BackendChoice;
  /** tfjs's active backend after initialisation (must equal choice.backend). */
  active: string;
  /** A tiny computation ran on the backend and returned the right numbers. */
  selfCheck: boolean;
}

export interface ModelRef {
  task: string;
  norm: 'ln' | 'iln';
  /** URL of model.json. */
  url: string;
}

export interface RgbBuffer {
  width: number;
  height: number;
  /** RGB float32 in [0, 1], row-major. */
  data: Float32Array;
}

/** One tile of the image: the network's input, (h, w, 3) floats. */
export interface TileInput {
  h: number;
  w: number;
  data: Float32Array;
}

export type WorkerRequest =
  | {
      id: number;
      type: 'init';
      forced: BackendName | null;
      loseGpuAfterTiles?: number;
      /** WASM threads in this worker (benchmarks; the app uses 1 and more workers). */
      wasmThreads?: number;
    }
  | {
      id: number;
      type: 'load';
      model: ModelRef;
      /** model.json and its weight files by path, read once by the page for every worker. */
      files: Record<string, ArrayBuffer>;
    }
  | { id: number; type: 'tile'; model: ModelRef; tile: TileInput }
  | { id: number; type: 'diagnose'; model: ModelRef; image: RgbBuffer }
  | ({ id: number; type: 'score' } & ScoreInput)
  | {
      id: number;
      type: 'upscale';
      rgba: Uint8ClampedArray;
      width: number;
      height: number;
      scale: number;
    }
  | {
      id: number;
      type: 'difference';
      a: Uint8ClampedArray;
      b: Uint8ClampedArray;
      width: number;
      height: number;
      gain: number;
    }
  | { id: number; type: 'abort'; target: number };

/** PSNR/SSIM of `a` against `b` (RGBA bytes, as the page holds them; alpha is ignored),
 * computed in the worker so large images never stall the page; with `upscale` > 1, `a` is
 * first bicubic-upscaled (the SR baseline). */
export interface ScoreInput {
  a: Uint8ClampedArray;
  aWidth: number;
  aHeight: number;
  b: Uint8ClampedArray;
  upscale: number;
  border: number;
  space: 'y' | 'rgb';
}

/** Per Transformer layer: mean-square feature magnitude and channel-wise entropy (nats). */
export interface LayerStats {
  layer: number;
  meanSquare: number;
  channelEntropy: number;
}

export type WorkerResponse =
  | { id: number; type: 'init'; report: BackendReport }
  | { id: number; type: 'loaded'; params: number }
  | { id: number; type: 'tiled'; data: Float32Array }
  | { id: number; type: 'diagnosed'; stats: LayerStats[] }
  | { id: number; type: 'scored'; psnr: number | null; ssim: number | null }
  | { id: number; type: 'upscaled'; rgba: Uint8ClampedArray; width: number; height: number }
  | { id: number; type: 'differed'; rgba: Uint8ClampedArray; psnr: number }
  | { id: number; type: 'error'; message: string; name?: string };

export type RequestOf<T extends WorkerRequest['type']> = Extract<WorkerRequest, { type: T }>;
export type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
