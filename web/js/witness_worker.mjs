// WitnessWorker: the witness checks of witness.mjs (checkpoints, inclusion and consistency proofs,
// bundle witnesses) run in their own module Worker (browsers) or worker_threads Worker (Node), as
// Promises, so verifying never blocks the calling thread. Same arguments, results and Error classes
// as the in-thread functions.
import { RuVectorError, errorFromRecord } from './errors.mjs';
import { spawn } from './worker.mjs';

const HOST_URL = new URL('./witness_worker_host.mjs', import.meta.url);
const CONSTRUCT = Symbol('WitnessWorker.create');

export class WitnessWorker {
  #port = null;
  #pending = new Map(); // request id -> {resolve, reject}; id 0 is the host's 'ready' message
  #nextId = 1;
  #closed = null;

  /** Use `await WitnessWorker.create()`: the worker is usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await WitnessWorker.create()` to make a WitnessWorker');
  }

  /** @param {import('./witness_worker.js').WitnessWorkerOptions} [options] */
  static async create({ url = HOST_URL, wasmUrl } = {}) {
    const w = new WitnessWorker(CONSTRUCT);
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

  verifyCheckpoint(note, trustedVerifierKeys) { return this.#call('verifyCheckpoint', [note, trustedVerifierKeys]); }
  verifyInclusion(leafHash, index, size, proof, root) {
    return this.#call('verifyInclusion', [leafHash, index, size, proof, root]);
  }
  verifyConsistency(size1, size2, proof, root1, root2) {
    return this.#call('verifyConsistency', [size1, size2, proof, root1, root2]);
  }
  bundleWitness(dataRef, dim, rotationSeed, rerankFactor, generation) {
    return this.#call('bundleWitness', [dataRef, dim, rotationSeed, rerankFactor, generation]);
  }
  contentWitness(ids, vectors, dim, params) { return this.#call('contentWitness', [ids, vectors, dim, params]); }
  leafHash(data) { return this.#call('leafHash', [data]); }
  merkleRoot(leafHashes) { return this.#call('merkleRoot', [leafHashes]); }

  /** Stops the worker; calls in flight reject with RuVectorError. Idempotent. */
  terminate() { this.#close('WitnessWorker was terminated'); }

  #call(op, args) {
    if (this.#closed) return Promise.reject(new RuVectorError(this.#closed));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      if (this.#pending.size === 1) this.#port.busy();
      try {
        this.#port.post({ id, op, args });
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
    if (this.#pending.size === 0) this.#port?.idle();
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
