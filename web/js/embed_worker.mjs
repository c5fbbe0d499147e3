// EmbedWorker: a TextEncoder (the core's BERT encoder in wasm) in its own module Worker (browsers)
// or worker_threads Worker (Node), so embedding never blocks the calling thread; ImageEmbedWorker:
// the same for an ImageEncoder. Same results and Error classes as the in-thread encoders; the model
// is loaded once, inside the worker (embed_worker_host.mjs serves both).
import { embedProgress } from './progress.mjs';
import { WorkerRpc } from './worker_rpc.mjs';

// The literal pattern Vite and webpack 5 detect to bundle the host as a worker; under Node the hooks
// start 'embed_worker_host.mjs' in a worker thread instead (worker_rpc.mjs).
const HOST = {
  name: 'embed_worker_host.mjs',
  start: () => new Worker(new URL('./embed_worker_host.mjs', import.meta.url), { type: 'module' }),
};
const CONSTRUCT = Symbol('EmbedWorker.create');

// Calls `op` with `options` last. A progress callback stays on this thread: the worker is told
// {progress: true} and posts each step, which the callback gets here; if it throws, the call rejects
// with that error once the worker has answered (the worker's encoder is untouched).
async function callWithProgress(rpc, op, args, options) {
  const { progress, ...rest } = options ?? {};
  const bridge = embedProgress(progress);
  if (!bridge.fn) return rpc.call(op, [...args, rest]);
  return bridge.result(await rpc.call(op, [...args, { ...rest, progress: true }], [], (step) => bridge.fn(...step)));
}

// Opens a worker and has it load its model with `op`; the worker is closed if that fails.
async function openWith(url, wasmUrl, op, args, name) {
  const rpc = await WorkerRpc.open({ ...HOST, url }, wasmUrl);
  try {
    return { rpc, info: await rpc.call(op, args) };
  } catch (e) {
    rpc.close(`${name} failed to load its model`);
    throw e;
  }
}

export class EmbedWorker {
  #rpc = null;
  #info = null;

  /** Use `await EmbedWorker.create({ model })`: the worker is usable once its model is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await EmbedWorker.create({ model })` to make an EmbedWorker');
  }

  /** @param {import('./embed_worker.js').EmbedWorkerOptions} options */
  static async create({ model, quantize, url, wasmUrl } = {}) {
    const w = new EmbedWorker(CONSTRUCT);
    const source = model instanceof URL ? model.href : model;
    ({ rpc: w.#rpc, info: w.#info } = await openWith(url, wasmUrl, 'load', [source, { quantize }], 'EmbedWorker'));
    return w;
  }

  /**
   * texts.length rows of `dim` floats, row-major, computed in the worker; `progress(done, total,
   * stage, fraction)` runs on this thread.
   */
  embed(texts, options = {}) { return callWithProgress(this.#rpc, 'embed', [texts], options); }
  /** Token ids as embed() sees them. */
  tokenize(text, options) { return this.#rpc.call('tokenize', [text, options]); }

  get dim() { return this.#info.dim; }
  get maxSeqLength() { return this.#info.maxSeqLength; }
  get pooling() { return this.#info.pooling; }
  get normalize() { return this.#info.normalize; }
  get quantize() { return this.#info.quantize; }

  /** Stops the worker (and frees its model); calls in flight reject with RuVectorError. Idempotent. */
  terminate() { this.#rpc.close('EmbedWorker was terminated'); }
}

export class ImageEmbedWorker {
  #rpc = null;
  #info = null;

  /** Use `await ImageEmbedWorker.create({ model })`: the worker is usable once its model is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await ImageEmbedWorker.create({ model })` to make an ImageEmbedWorker');
  }

  /** @param {import('./embed_worker.js').ImageEmbedWorkerOptions} options */
  static async create({ model, calibration, url, wasmUrl } = {}) {
    const w = new ImageEmbedWorker(CONSTRUCT);
    const source = model instanceof URL ? model.href : model;
    ({ rpc: w.#rpc, info: w.#info } = await openWith(url, wasmUrl, 'loadImageModel', [source, calibration], 'ImageEmbedWorker'));
    return w;
  }

  /**
   * Makes the worker's encoder the static INT8 one (ImageEncoder.quantize in the worker: calibrated
   * on `images`, or from `options.calibration`); resolves to its calibration JSON.
   */
  async quantize(images, options = {}) {
    const calibration = await callWithProgress(this.#rpc, 'quantizeImageModel', [images], options);
    this.#info = { ...this.#info, calibration };
    return calibration;
  }

  /**
   * images.length rows of `dim` floats (unit length), row-major, computed in the worker;
   * `progress(done, total, stage, fraction)` runs on this thread.
   */
  embed(images, options = {}) { return callWithProgress(this.#rpc, 'embedImages', [images], options); }
  /** images.length rows of `numClasses` ImageNet logits, computed in the worker; `progress` as in embed(). */
  logits(images, options = {}) { return callWithProgress(this.#rpc, 'imageLogits', [images], options); }

  get dim() { return this.#info.dim; }
  get numClasses() { return this.#info.numClasses; }
  get inputSize() { return this.#info.inputSize; }
  /** The INT8 calibration JSON of the worker's encoder, null for fp32. */
  get calibration() { return this.#info.calibration; }

  /** Stops the worker (and frees its model); calls in flight reject with RuVectorError. Idempotent. */
  terminate() { this.#rpc.close('ImageEmbedWorker was terminated'); }
}
