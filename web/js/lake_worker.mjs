// LakeWorker: a Lake in its own module Worker (browsers) or worker_threads Worker (Node) that loads
// published bundles from URLs, has the core verify them (content witness, index bytes, parameters
// and, with trusted keys, the signed checkpoint and log inclusion) before serving, and answers
// searches as Promises, off the calling thread.
import { WorkerRpc } from './worker_rpc.mjs';

// The literal pattern Vite and webpack 5 detect to bundle the host as a worker; under Node the hooks
// start 'lake_worker_host.mjs' in a worker thread instead (worker_rpc.mjs).
const HOST = {
  name: 'lake_worker_host.mjs',
  start: () => new Worker(new URL('./lake_worker_host.mjs', import.meta.url), { type: 'module' }),
};
const CONSTRUCT = Symbol('LakeWorker.create');

export class LakeWorker {
  #rpc = null;

  /** Use `await LakeWorker.create()`: the worker is usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await LakeWorker.create()` to make a LakeWorker');
  }

  /** @param {import('./lake_worker.js').LakeWorkerOptions} [options] */
  static async create({ url, wasmUrl, ...lakeOptions } = {}) {
    const w = new LakeWorker(CONSTRUCT);
    w.#rpc = await WorkerRpc.open({ ...HOST, url }, wasmUrl, lakeOptions);
    return w;
  }

  /**
   * Fetches the bundle directory at `url` (table.rulake.json, bundle.witness.json, index.rvq) and
   * installs it as `collection` once verified (with `trustedKeys`: only if one of them signed it):
   * {collection, url, witness, sidecar, record, checkpoint}.
   */
  load(url, collection, { maxIndexBytes, maxSidecarBytes, trustedKeys } = {}) {
    const options = {};
    if (maxIndexBytes !== undefined) options.maxIndexBytes = Number(maxIndexBytes);
    if (maxSidecarBytes !== undefined) options.maxSidecarBytes = Number(maxSidecarBytes);
    if (trustedKeys !== undefined) {
      options.trustedKeys = typeof trustedKeys === 'string' ? [trustedKeys] : Array.from(trustedKeys, String);
    }
    return this.#rpc.call('load', [String(url), String(collection), options]);
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
