/** The typed messages between the UI thread and the inference worker. Every request carries
 * an id; the worker answers with the same id, so the bridge can route replies and aborts.
 * Pixel buffers travel as transferables. */
import type { NormName, TaskName } from '../engine/constants';
import type { BackendChoice, BackendName } from './backend';

export interface BackendReport {
  choice: BackendChoice;
  /** tfjs's active backend after initialisation (must equal choice.backend). */
  active: string;
  /** A tiny computation ran on the backend and returned the right numbers. */
  selfCheck: boolean;
}

export interface ModelRef {
  task: TaskName;
  norm: NormName;
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

/** Every message the page sends the worker and what the worker answers: the one table from
 * which the request and reply types, the client's methods (ui/worker-client.ts) and the worker's
 * handlers (worker/handlers.ts) are derived. A reply carries its request's type and id. Adding a
 * message is one entry here and one handler there; forgetting either fails the typecheck. */
export interface Protocol {
  init: {
    request: {
      forced: BackendName | null;
      /** Test hook (?loseGpuAfter=N): the worker destroys its GPU device after N tiles. */
      loseGpuAfterTiles?: number;
      /** WASM threads in this worker (benchmarks; the app uses 1 and more workers). */
      wasmThreads?: number;
    };
    reply: { report: BackendReport };
  };
  load: {
    /** model.json and its weight files by path, read once by the page for every worker. */
    request: { model: ModelRef; files: Record<string, ArrayBuffer> };
    reply: { params: number };
  };
  tile: { request: { model: ModelRef; tile: TileInput }; reply: { data: Float32Array } };
  diagnose: { request: { model: ModelRef; image: RgbBuffer }; reply: { stats: LayerStats[] } };
  score: { request: ScoreInput; reply: { psnr: number | null; ssim: number | null } };
  upscale: {
    request: { rgba: Uint8ClampedArray; width: number; height: number; scale: number };
    reply: { rgba: Uint8ClampedArray; width: number; height: number };
  };
  difference: {
    request: {
      a: Uint8ClampedArray;
      b: Uint8ClampedArray;
      width: number;
      height: number;
      gain: number;
    };
    reply: { rgba: Uint8ClampedArray; psnr: number };
  };
}

export type MessageType = keyof Protocol;
/** Every message type, for the run-time check that each has a handler. */
export const MESSAGE_TYPES = [
  'init',
  'load',
  'tile',
  'diagnose',
  'score',
  'upscale',
  'difference',
] as const satisfies readonly MessageType[];
// a message type missing from the list above makes this line a type error
const listed: Exclude<MessageType, (typeof MESSAGE_TYPES)[number]> extends never ? true : false =
  true;
void listed;

export type RequestBody<K extends MessageType> = Protocol[K]['request'];
export type ReplyBody<K extends MessageType> = Protocol[K]['reply'];
export type Request<K extends MessageType> = { id: number; type: K } & RequestBody<K>;
export type Reply<K extends MessageType> = { id: number; type: K } & ReplyBody<K>;

/** Stops the request with id `target` (it is answered with an AbortError, or not at all). */
export interface AbortMessage {
  id: number;
  type: 'abort';
  target: number;
}
export interface ErrorReply {
  id: number;
  type: 'error';
  message: string;
  name?: string;
}

export type WorkerRequest = { [K in MessageType]: Request<K> }[MessageType] | AbortMessage;
export type WorkerResponse = { [K in MessageType]: Reply<K> }[MessageType] | ErrorReply;
