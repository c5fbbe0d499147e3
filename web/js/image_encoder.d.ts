// Hand-written declarations for image_encoder.mjs.
import type { EmbedProgress } from './text_encoder.js';

/**
 * One image: rows of pixels, channels fastest (gray, RGB or RGBA bytes). An ImageData fits as is.
 * `channels` defaults to data.length / (width * height).
 */
export interface ImagePixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels?: 1 | 3 | 4;
}

export interface ImageEncoderLoadOptions {
  /** The fetch used for http(s) URLs (default globalThis.fetch). Node reads paths and file: URLs itself. */
  fetch?: (url: URL) => Promise<Response>;
}

export interface ImageEmbedOptions {
  /** Called after each image; in an ImageEmbedWorker it runs on the calling thread. */
  progress?: EmbedProgress | null;
}

export interface ImageCalibrateOptions {
  /** Calibration method: 'kl' (entropy, default), 'percentile' or 'minmax'. */
  method?: 'kl' | 'entropy' | 'percentile' | 'minmax';
  /** The percentile of the 'percentile' method (default 99.99). */
  percentile?: number;
  /** Called after each image of each calibration pass (stage 'calibrate'). */
  progress?: EmbedProgress | null;
}

export interface ImageQuantizeOptions extends ImageCalibrateOptions {
  /** The calibration JSON of an earlier quantize (encoder.calibration): no images needed. */
  calibration?: string;
}

/**
 * EfficientNet-Lite0 computed by the C++ core in wasm: the same embeddings and logits as
 * rv.ImageEncoder in Python. Free it with dispose().
 */
export class ImageEncoder {
  /**
   * Loads the model's .safetensors weights: a URL (browser, worker) or a path / file: URL (Node).
   * @throws EmbedError for a missing file or weights the model cannot use, naming it
   */
  static load(source: string | URL, options?: ImageEncoderLoadOptions): Promise<ImageEncoder>;
  /** The model from its .safetensors bytes; `name` appears in error messages. */
  static fromBytes(bytes: Uint8Array | ArrayBuffer | ArrayBufferView, options?: { name?: string }): ImageEncoder;
  private constructor(handle: unknown);
  /** images.length rows of `dim` floats of unit length (the pooled last feature map), row-major. */
  embed(images: ImagePixels | readonly ImagePixels[], options?: ImageEmbedOptions): Float32Array;
  /** images.length rows of `numClasses` ImageNet classifier logits, row-major. */
  logits(images: ImagePixels | readonly ImagePixels[], options?: ImageEmbedOptions): Float32Array;
  /**
   * The calibration JSON of a static INT8 encoder of this model, measured on `images` by `method`
   * (default 'kl'); quantize({ calibration }) builds the encoder from it without calibrating again.
   * @throws InvalidInput for an unknown method or no images, naming it
   */
  calibrate(images: ImagePixels | readonly ImagePixels[], options?: ImageCalibrateOptions): string;
  /**
   * A static INT8 encoder (u8 x s8 convolutions): calibrated on `images` by `method` (default 'kl'),
   * or built from the `calibration` JSON of an earlier one without calibrating again.
   * @throws InvalidInput for an unknown method, no images, or a malformed calibration, naming it
   */
  quantize(images?: ImagePixels | readonly ImagePixels[], options?: ImageQuantizeOptions): ImageEncoder;
  /** The INT8 calibration JSON of a quantized encoder; null for fp32. */
  readonly calibration: string | null;
  readonly dim: number;
  readonly numClasses: number;
  readonly inputSize: number;
  /** Frees the model now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}
