// IndexWorker: a Promise API over a FlatIndex that lives in its own module Worker (browsers) or
// worker_threads Worker (Node), so searches never block the calling thread. Errors come back as the
// same Error subclasses as in-thread calls.
import { RuVectorError, errorFromRecord } from './errors.mjs';
import { ownedArray, toFloat32, toIds } from './convert.mjs';

export * from './errors.mjs';

const HOST_URL = new URL('./worker_host.mjs', import.meta.url);
const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';
const CONSTRUCT = Symbol('IndexWorker.create');

// A uniform face over the browser Worker and node:worker_threads' Worker.
async function spawn(url, onMessage, onFailure) {
  if (typeof Worker === 'function') {
    const worker = new Worker(url, { type: 'module' });
    worker.addEventListener('message', (event) => onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onFailure(`the worker failed: ${event.message || `could not load or run ${url}`}`);
    });
    worker.addEventListener('messageerror', () => onFailure('a message from the worker could not be deserialized'));
    return { post: (m, t) => worker.postMessage(m, t), terminate: () => worker.terminate(), busy() {}, idle() {} };
  }
  if (!IS_NODE) throw new RuVectorError('IndexWorker needs module Workers (or node:worker_threads)');
  const { Worker: NodeWorker } = await import('node:worker_threads');
  const worker = new NodeWorker(typeof url === 'string' && url.startsWith('file:') ? new URL(url) : url);
  worker.on('message', onMessage);
  worker.on('error', (err) => onFailure(`the worker failed: ${err?.message ?? err}`));
  worker.on('exit', (code) => onFailure(`the worker exited with code ${code}`));
  return {
    post: (m, t) => worker.postMessage(m, t),
    terminate: () => { void worker.terminate(); },
    // An idle worker must not keep Node's event loop alive; one with a call in flight must.
    busy: () => worker.ref(),
    idle: () => worker.unref(),
  };
}

export class IndexWorker {
  #port = null;
  #pending = new Map(); // request id -> {resolve, reject}; id 0 is the host's 'ready' message
  #nextId = 1;
  #closed = null; // why the worker can no longer answer, once it cannot

  /** Use `await IndexWorker.create()`: a worker is only usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await IndexWorker.create()` to make an IndexWorker');
  }

  static async create({ url = HOST_URL, wasmUrl } = {}) {
    const w = new IndexWorker(CONSTRUCT);
    const ready = new Promise((resolve, reject) => w.#pending.set(0, { resolve, reject }));
    w.#port = await spawn(url, (m) => w.#settle(m), (why) => w.#close(why));
    try {
      await ready;
      await w.#call('init', [wasmUrl === undefined ? {} : { wasmUrl: String(wasmUrl) }]);
    } catch (e) {
      w.terminate();
      throw e;
    }
    return w;
  }

  /** Replaces the worker's index with a new one holding `vectors`. */
  async build(vectors, dim, { metric = 'l2', ids } = {}) {
    const [v, i] = [this.#floats(vectors, 'vectors'), this.#ids(ids)];
    await this.#call('build', [v, Number(dim), { metric: String(metric), ids: i }], [v.buffer, i.buffer]);
  }

  async add(vectors, ids) {
    const [v, i] = [this.#floats(vectors, 'vectors'), this.#ids(ids)];
    await this.#call('add', [v, i], [v.buffer, i.buffer]);
  }

  async search(queries, k = 10) {
    const q = this.#floats(queries, 'queries');
    return this.#call('search', [q, Number(k)], [q.buffer]);
  }

  async remove(ids) {
    const i = this.#ids(ids);
    return this.#call('remove', [i], [i.buffer]);
  }

  async size() {
    return this.#call('size', []);
  }

  /** Stops the worker; calls still in flight reject with RuVectorError. Idempotent. */
  terminate() {
    this.#close('IndexWorker was terminated');
  }

  // Inputs are converted here (not in the worker) so type errors carry this thread's stack, and
  // the converted arrays are private copies whose buffers can be transferred.
  #floats(value, what) {
    return ownedArray(toFloat32(value, what), value);
  }

  #ids(value) {
    return ownedArray(toIds(value), value);
  }

  #call(op, args, transfer = []) {
    if (this.#closed) return Promise.reject(new RuVectorError(this.#closed));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#port.busy();
      try {
        this.#port.post({ id, op, args }, transfer);
      } catch (err) { // e.g. a DataCloneError: the request never left this thread
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#port.idle();
        reject(err);
      }
    });
  }

  #settle({ id, result, error }) {
    const call = this.#pending.get(id);
    if (!call) return;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#port.idle();
    if (error) call.reject(errorFromRecord(error));
    else call.resolve(result);
  }

  #close(why) {
    if (this.#closed) return;
    this.#closed = why;
    this.#port?.terminate();
    for (const call of this.#pending.values()) call.reject(new RuVectorError(why));
    this.#pending.clear();
  }
}
