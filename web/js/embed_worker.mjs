// EmbedWorker: a TextEncoder (the core's BERT encoder in wasm) in its own module Worker (browsers)
// or worker_threads Worker (Node), so embedding never blocks the calling thread. Same results and
// Error classes as the in-thread TextEncoder; the model is loaded once, inside the worker.
import { WorkerRpc } from './worker_rpc.mjs';

const HOST_URL = new URL('./embed_worker_host.mjs', import.meta.url);
const CONSTRUCT = Symbol('EmbedWorker.create');

export class EmbedWorker {
  #rpc = null;
  #info = null;

  /** Use `await EmbedWorker.create({ model })`: the worker is usable once its model is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await EmbedWorker.create({ model })` to make an EmbedWorker');
  }

  /** @param {import('./embed_worker.js').EmbedWorkerOptions} options */
  static async create({ model, url = HOST_URL, wasmUrl } = {}) {
    const w = new EmbedWorker(CONSTRUCT);
    w.#rpc = await WorkerRpc.open(url, wasmUrl);
    try {
      const source = model instanceof URL ? model.href : model;
      w.#info = await w.#rpc.call('load', [source]);
    } catch (e) {
      w.#rpc.close('EmbedWorker failed to load its model');
      throw e;
    }
    return w;
  }

  /** texts.length rows of `dim` floats, row-major, computed in the worker. */
  embed(texts, options = {}) { return this.#rpc.call('embed', [texts, options]); }
  /** Token ids as embed() sees them. */
  tokenize(text) { return this.#rpc.call('tokenize', [text]); }

  get dim() { return this.#info.dim; }
  get maxSeqLength() { return this.#info.maxSeqLength; }
  get pooling() { return this.#info.pooling; }
  get normalize() { return this.#info.normalize; }

  /** Stops the worker (and frees its model); calls in flight reject with RuVectorError. Idempotent. */
  terminate() { this.#rpc.close('EmbedWorker was terminated'); }
}
