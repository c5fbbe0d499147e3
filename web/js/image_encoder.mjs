// ImageEncoder: EfficientNet-Lite0 image embeddings run by the C++ core in wasm. This file fetches or
// takes the .safetensors weights and moves pixels; preprocessing (centre square, resize to 224,
// normalisation), the model and every check are the core's.
import { EmbedError, InvalidInput, RuVectorError, throwIfError } from './errors.mjs';
import { asBytes, heapCopy, modelUrl, readModelFile } from './model_files.mjs';
import { loaded, NativeHandle } from './runtime.mjs';
import { embedProgress } from './progress.mjs';
import { describe } from './texts.mjs';

// One image's pixels and its [bytes, height, width, channels] for the binding. Without `channels`
// they follow from the data's length (ImageData: 4); the core checks that they add up.
function pixelsOf(image, i) {
  if (image === null || typeof image !== 'object') throw new InvalidInput(`images[${i}] must be an object {data, width, height[, channels]}, got ${describe(image)}`);
  const { data, width, height } = image;
  if (!ArrayBuffer.isView(data) || data.BYTES_PER_ELEMENT !== 1) {
    throw new InvalidInput(`images[${i}].data must be a Uint8Array or Uint8ClampedArray, got ${describe(data)}`);
  }
  const bytes = asBytes(data, `images[${i}].data`);
  const area = Number(width) * Number(height);
  const channels = image.channels ?? (area > 0 ? bytes.length / area : 0);
  return { bytes, shape: [bytes.length, Number(height), Number(width), Number(channels)] };
}

/**
 * EfficientNet-Lite0 embeddings (1280 floats of unit length per image) and ImageNet logits, computed
 * by the core: the same vectors as rv.ImageEncoder in Python. Free it with dispose().
 */
export class ImageEncoder extends NativeHandle {
  /**
   * Loads the .safetensors weights by URL (browser, worker) or path / file: URL (Node).
   * @param {string | URL} source
   * @param {{ fetch?: (url: URL) => Promise<Response> }} [options]
   */
  static async load(source, { fetch: fetchFn = globalThis.fetch } = {}) {
    const url = new URL(await modelUrl(source));
    const bytes = await readModelFile(url, fetchFn);
    if (!bytes) throw new EmbedError(`model file '${url.href}' does not exist`);
    return ImageEncoder.fromBytes(bytes, { name: url.href });
  }

  /** The model from its .safetensors bytes (copied into the wasm heap while the core packs them). */
  static fromBytes(bytes, { name = 'model.safetensors' } = {}) {
    const weights = asBytes(bytes, 'bytes');
    const m = loaded();
    const handle = new m.ImageEncoderHandle();
    const p = heapCopy(m, weights);
    if (p === 0) {
      handle.delete();
      throw new RuVectorError(`out of memory: cannot allocate ${weights.length} bytes in the wasm heap`);
    }
    const status = handle.init(p, weights.length, String(name)); // the handle frees p
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    return new ImageEncoder(handle);
  }

  /** @internal use load() or fromBytes() */
  constructor(handle) {
    if (handle === undefined || typeof handle?.embed !== 'function') {
      throw new InvalidInput('use ImageEncoder.load(url or path) or ImageEncoder.fromBytes(bytes)');
    }
    super(handle, 'ImageEncoder');
  }

  /**
   * images.length rows of `dim` floats (unit length), row-major. `progress(done, total, stage,
   * fraction)` is called by the core after each image; an exception it throws cancels the call and
   * is rethrown (the encoder stays usable).
   */
  embed(images, { progress } = {}) { return this.#run('embed', images, progress); }

  /** images.length rows of `numClasses` ImageNet logits, row-major; `progress` as in embed(). */
  logits(images, { progress } = {}) { return this.#run('logits', images, progress); }

  /**
   * The calibration JSON of a static INT8 encoder of this model, measured on `images` by `method`
   * ('kl', 'percentile' or 'minmax'); `progress` as in embed() (stage 'calibrate', two passes over
   * the images except for minmax). Keep it to quantize without calibrating again.
   */
  calibrate(images, { method = 'kl', percentile = 99.99, progress } = {}) {
    if (images === undefined) throw new InvalidInput('calibrate needs images');
    return this.#run('calibrate', images, progress, [String(method), Number(percentile)]);
  }

  /**
   * A static INT8 encoder: calibrated on `images` as calibrate() does, or from the `calibration`
   * JSON of an earlier one (encoder.calibration). Dispose both when done.
   */
  quantize(images, { method, percentile, calibration, progress } = {}) {
    const handle = this._live();
    let json = calibration;
    if (json === undefined) {
      if (images === undefined) throw new InvalidInput('quantize needs calibration images or a calibration JSON');
      json = this.calibrate(images, { method, percentile, progress });
    }
    const m = loaded();
    const target = new m.ImageEncoderHandle();
    const status = handle.quantizeInto(target, String(json));
    if (status !== undefined) {
      target.delete();
      throwIfError(status);
    }
    return new ImageEncoder(target);
  }

  /** The INT8 calibration JSON of a quantized encoder, null for fp32. */
  get calibration() { return this._live().calibration(); }

  #run(method, images, progress, extra = []) {
    const handle = this._live();
    const m = loaded();
    const bridge = embedProgress(progress);
    const list = Array.isArray(images) ? images : [images];
    const pixels = list.map(pixelsOf);
    const total = pixels.reduce((sum, p) => sum + p.bytes.length, 0);
    const at = m._malloc(Math.max(total, 1));
    if (at === 0) throw new RuVectorError(`out of memory: cannot allocate ${total} bytes in the wasm heap`);
    try {
      let offset = at;
      for (const { bytes } of pixels) {
        m.HEAPU8.set(bytes, offset);
        offset += bytes.length;
      }
      return bridge.result(handle[method](at, total, pixels.flatMap((p) => p.shape), ...extra, bridge.fn));
    } finally {
      m._free(at);
    }
  }

  get dim() { return this._live().dim(); }
  get numClasses() { return this._live().numClasses(); }
  /** The side of the square the core resizes each image's central square to. */
  get inputSize() { return this._live().inputSize(); }
}
