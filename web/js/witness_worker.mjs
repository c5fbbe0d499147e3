// WitnessWorker: the witness checks of witness.mjs (published bundles, checkpoints, inclusion and
// consistency proofs, bundle and content witnesses) run in their own module Worker (browsers) or worker_threads Worker (Node), as
// Promises, so verifying never blocks the calling thread. Same arguments, results and Error classes
// as the in-thread functions.
import { WorkerRpc } from './worker_rpc.mjs';

// The literal pattern Vite and webpack 5 detect to bundle the host as a worker; under Node the hooks
// start 'witness_worker_host.mjs' in a worker thread instead (worker_rpc.mjs).
const HOST = {
  name: 'witness_worker_host.mjs',
  start: () => new Worker(new URL('./witness_worker_host.mjs', import.meta.url), { type: 'module' }),
};
const CONSTRUCT = Symbol('WitnessWorker.create');

export class WitnessWorker {
  #rpc = null;

  /** Use `await WitnessWorker.create()`: the worker is usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await WitnessWorker.create()` to make a WitnessWorker');
  }

  /** @param {import('./witness_worker.js').WitnessWorkerOptions} [options] */
  static async create({ url, wasmUrl } = {}) {
    const w = new WitnessWorker(CONSTRUCT);
    w.#rpc = await WorkerRpc.open({ ...HOST, url }, wasmUrl);
    return w;
  }

  // A bundle's files are copied to the worker (structured clone): the caller keeps its buffers.
  readBundle(files) { return this.#call('readBundle', [files]); }
  verifyBundle(files, trustedVerifierKeys) { return this.#call('verifyBundle', [files, trustedVerifierKeys]); }
  bundleCheckpoint(witnessFile, trustedVerifierKeys) {
    return this.#call('bundleCheckpoint', [witnessFile, trustedVerifierKeys]);
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
  terminate() { this.#rpc.close('WitnessWorker was terminated'); }

  #call(op, args) { return this.#rpc.call(op, args); }
}
