// Hand-written declarations for embed_worker.mjs.
import type { ImageEmbedOptions, ImagePixels, ImageQuantizeOptions } from './image_encoder.js';
import type { EmbedOptions, ModelFile, Quantize } from './text_encoder.js';

export interface EmbedWorkerOptions {
  /** The model directory (URL, or a path in Node) or its files keyed by name, as TextEncoder.load / fromFiles take. */
  model: string | URL | Record<string, ModelFile>;
  /** As TextEncoder.load's option: 'int8' for the dynamic INT8 encoder (default 'fp32'). */
  quantize?: Quantize;
  /** The worker script (default: embed_worker_host.mjs next to embed_worker.mjs). */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/** A TextEncoder in its own Worker: embeddings as Promises, the calling thread never blocks. */
export class EmbedWorker {
  private constructor(token: symbol);
  /** @throws EmbedError (rejects) when the model cannot be loaded */
  static create(options: EmbedWorkerOptions): Promise<EmbedWorker>;
  embed(texts: string | readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  tokenize(text: string, options?: { promptName?: string }): Promise<Int32Array>;
  readonly dim: number;
  readonly maxSeqLength: number;
  readonly pooling: 'mean' | 'cls';
  readonly normalize: boolean;
  readonly quantize: Quantize;
  terminate(): void;
}

export interface ImageEmbedWorkerOptions {
  /** The .safetensors weights: a URL (or a path in Node), or their bytes. */
  model: string | URL | Uint8Array | ArrayBuffer;
  /** A calibration JSON (ImageEncoder.calibration): the worker runs that static INT8 encoder. */
  calibration?: string;
  /** The worker script (default: embed_worker_host.mjs next to embed_worker.mjs). */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/** An ImageEncoder in its own Worker: embeddings and logits as Promises, the calling thread never blocks. */
export class ImageEmbedWorker {
  private constructor(token: symbol);
  /** @throws EmbedError (rejects) when the model cannot be loaded */
  static create(options: ImageEmbedWorkerOptions): Promise<ImageEmbedWorker>;
  embed(images: ImagePixels | readonly ImagePixels[], options?: ImageEmbedOptions): Promise<Float32Array>;
  logits(images: ImagePixels | readonly ImagePixels[], options?: ImageEmbedOptions): Promise<Float32Array>;
  /**
   * Replaces the worker's encoder by its static INT8 one, as ImageEncoder.quantize (calibrated on
   * `images`, or from `options.calibration`); resolves to the calibration JSON.
   * @throws InvalidInput (rejects) for an unknown method, no images, or a malformed calibration
   */
  quantize(images?: ImagePixels | readonly ImagePixels[], options?: ImageQuantizeOptions): Promise<string>;
  readonly dim: number;
  readonly numClasses: number;
  readonly inputSize: number;
  /** The INT8 calibration JSON of the worker's encoder; null for fp32. */
  readonly calibration: string | null;
  terminate(): void;
}
