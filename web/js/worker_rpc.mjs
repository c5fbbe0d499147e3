// The request/response protocol between a calling thread and one of our worker hosts (their side is
// worker_serve.mjs): numbered requests, one answer each (optionally preceded
// by progress messages), errors as records turned back into our Error classes. IndexWorker and
// WitnessWorker are thin APIs over one WorkerRpc each.
import { RuVectorError, errorFromRecord } from './errors.mjs';
import { RUNNING_IN_NODE, platform } from './platform.mjs';

// A uniform face over the browser Worker and node:worker_threads' Worker. `host` is {name, start, url}:
// `start()` makes the module Worker with the literal URL bundlers see, `url` (a user's own host script)
// replaces it, and under Node the hooks start `url` or the file `name` in a worker thread.
function spawn(host, onMessage, onFailure) {
  if (platform.node) return platform.node.startWorker(host, onMessage, onFailure);
  if (typeof Worker === 'function') {
    const url = host.url ?? host.name;
    const worker = host.url === undefined ? host.start() : new Worker(host.url, { type: 'module' });
    worker.addEventListener('message', (event) => onMessage(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      onFailure(`the worker failed: ${event.message || `could not load or run ${url}`}`);
    });
    worker.addEventListener('messageerror', () => onFailure('a message from the worker could not be deserialized'));
    return { post: (m, t) => worker.postMessage(m, t), terminate: () => worker.terminate(), busy() {}, idle() {} };
  }
  if (RUNNING_IN_NODE) {
    throw new RuVectorError('workers under Node need the package\'s Node entry point: import \'@ruvector/sdk/worker\' by name');
  }
  throw new RuVectorError('the worker classes need module Workers');
}

export class WorkerRpc {
  #port = null;
  #pending = new Map(); // request id -> {resolve, reject, progress}; id 0 is the host's 'ready' message
  #nextId = 1;
  #closed = null; // why the worker can no longer answer, once it cannot

  /**
   * Starts the host script (see spawn) and loads its wasm module (from `wasmUrl` when given); resolves
   * once the worker answers calls; `initArgs` follow the wasm options in the host's init call. A
   * worker that fails to start is terminated and the error thrown.
   */
  static async open(host, wasmUrl, ...initArgs) {
    const rpc = new WorkerRpc();
    const ready = new Promise((resolve, reject) => rpc.#pending.set(0, { resolve, reject }));
    rpc.#port = spawn(host, (m) => rpc.#settle(m), (why) => rpc.close(why));
    try {
      await ready;
      await rpc.call('init', [wasmUrl === undefined ? {} : { wasmUrl: String(wasmUrl) }, ...initArgs]);
    } catch (e) {
      rpc.close('the worker failed to start');
      throw e;
    }
    return rpc;
  }

  /** Sends one request; `progress(payload)` receives the host's progress messages for it. */
  call(op, args, transfer = [], progress = undefined) {
    if (this.#closed) return Promise.reject(new RuVectorError(this.#closed));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, progress });
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

  /** Stops the worker; calls in flight reject with RuVectorError(why). Idempotent. */
  close(why) {
    if (this.#closed) return;
    this.#closed = why;
    this.#port?.terminate();
    for (const call of this.#pending.values()) call.reject(new RuVectorError(why));
    this.#pending.clear();
  }

  #settle({ id, result, error, progress }) {
    const call = this.#pending.get(id);
    if (!call) return;
    if (progress !== undefined) {
      call.progress?.(progress);
      return;
    }
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#port?.idle();
    if (error) call.reject(errorFromRecord(error));
    else call.resolve(result);
  }
}
