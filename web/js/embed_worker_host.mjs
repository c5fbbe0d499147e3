// Runs inside the module Worker that EmbedWorker or ImageEmbedWorker (embed_worker.mjs) starts:
// answers {id, op, args} with {id, result} or {id, error: {name, message}}. `load` makes the worker's
// TextEncoder from a model URL / path or from its files, `loadImageModel` its ImageEncoder from a URL /
// path or the .safetensors bytes (static INT8 when given a calibration JSON), `quantizeImageModel`
// replaces that encoder by its INT8 one; its first message, {id: 0, result: 'ready'}, says the listener is
// attached.
import { ImageEncoder, init, TextEmbedder } from './index.mjs';
import { RuVectorError } from './errors.mjs';
import { serveOps } from './worker_serve.mjs';

let encoder = null;
let imageEncoder = null;

function loadedEncoder() {
  if (!encoder) throw new RuVectorError('EmbedWorker: no model loaded');
  return encoder;
}

function loadedImageEncoder() {
  if (!imageEncoder) throw new RuVectorError('ImageEmbedWorker: no model loaded');
  return imageEncoder;
}

// Replaces the worker's image encoder by its static INT8 one; returns the calibration JSON.
function quantizeImageEncoder(images, options) {
  const int8 = loadedImageEncoder().quantize(images, options);
  imageEncoder.dispose();
  imageEncoder = int8;
  return int8.calibration;
}

// An embedding call's options with {progress: true} (a callback on the caller's thread) turned into
// a callback that posts each step to it.
function reporting(options, post) {
  const { progress, ...rest } = options ?? {};
  return progress === true ? { ...rest, progress: post } : rest;
}

const ops = {
  init: (options) => init(options),
  async load(source, options) {
    encoder?.dispose();
    encoder = typeof source === 'object' && source !== null && !(source instanceof URL)
      ? TextEmbedder.fromFiles(source, options) : await TextEmbedder.load(source, options);
    const { dim, maxSeqLength, pooling, normalize, quantize } = encoder;
    return { dim, maxSeqLength, pooling, normalize, quantize };
  },
  async loadImageModel(source, calibration) {
    imageEncoder?.dispose();
    imageEncoder = null;
    const fp32 = ArrayBuffer.isView(source) || source instanceof ArrayBuffer
      ? ImageEncoder.fromBytes(source) : await ImageEncoder.load(source);
    imageEncoder = fp32;
    if (calibration !== undefined && calibration !== null) quantizeImageEncoder(undefined, { calibration });
    const { dim, numClasses, inputSize } = imageEncoder;
    return { dim, numClasses, inputSize, calibration: imageEncoder.calibration };
  },
  quantizeImageModel(images, options) { return quantizeImageEncoder(images, reporting(options, this.progress)); },
  embed(texts, options) { return loadedEncoder().embed(texts, reporting(options, this.progress)); },
  embedImages(images, options) { return loadedImageEncoder().embed(images, reporting(options, this.progress)); },
  imageLogits(images, options) { return loadedImageEncoder().logits(images, reporting(options, this.progress)); },
  tokenize: (text, options) => loadedEncoder().tokenize(text, options),
};
serveOps('EmbedWorker', ops);
