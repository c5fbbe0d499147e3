// LakeWorker: a Lake in its own module Worker (browsers) or worker_threads Worker (Node) that loads
// published bundles from URLs, has the core verify them (the sidecar's bundle witness, the index's
// parameters) before serving, and answers searches as Promises, off the calling thread.
import { WorkerRpc } from './worker_rpc.mjs';

const HOST_URL = new URL('./lake_worker_host.mjs', import.meta.url);
const CONSTRUCT = Symbol('LakeWorker.create');

export class LakeWorker {
  #rpc = null;

  /** Use `await LakeWorker.create()`: the worker is usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await LakeWorker.create()` to make a LakeWorker');
  }

  /** @param {import('./lake_worker.js').LakeWorkerOptions} [options] */
  static async create({ url = HOST_URL, wasmUrl, ...lakeOptions } = {}) {
    const w = new LakeWorker(CONSTRUCT);
    w.#rpc = await WorkerRpc.open(url, wasmUrl, lakeOptions);
    return w;
  }

  /**
   * Fetches the bundle directory at `url` (table.rulake.json + index.rvq) and installs it as
   * `collection` once verified: {collection, url, witness, sidecar}.
   */
  load(url, collection, { maxIndexBytes, maxSidecarBytes } = {}) {
    const limits = {};
    if (maxIndexBytes !== undefined) limits.maxIndexBytes = Number(maxIndexBytes);
    if (maxSidecarBytes !== undefined) limits.maxSidecarBytes = Number(maxSidecarBytes);
    return this.#rpc.call('load', [String(url), String(collection), limits]);
  }

  /** Top-k in a loaded collection (re-checking its sidecar as the lake's consistency mode says). */
  search(collection, queries, k = 10) { return this.#rpc.call('search', [String(collection), queries, Number(k)]); }
  /** Re-reads the sidecar now; true when a newer bundle was installed. */
  refresh(collection) { return this.#rpc.call('refresh', [String(collection)]); }
  stats() { return this.#rpc.call('stats', []); }
  witnessOf(collection) { return this.#rpc.call('witnessOf', [String(collection)]); }

  /** Stops the worker; calls in flight reject with RuVectorError. Idempotent. */
  terminate() { this.#rpc.close('LakeWorker was terminated'); }
}
