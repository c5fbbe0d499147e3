// The request/response protocol between a calling thread and one of our worker hosts (their side is
// worker_serve.mjs): numbered requests, one answer each (optionally preceded
// by progress messages), errors as records turned back into our Error classes. IndexWorker and
// WitnessWorker are thin APIs over one WorkerRpc each.
import { RuVectorError, errorFromRecord } from './errors.mjs';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

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

export class WorkerRpc {
  #port = null;
  #pending = new Map(); // request id -> {resolve, reject, progress}; id 0 is the host's 'ready' message
  #nextId = 1;
  #closed = null; // why the worker can no longer answer, once it cannot

  /**
   * Starts the host script at `url` and loads its wasm module (from `wasmUrl` when given); resolves
   * once the worker answers calls; `initArgs` follow the wasm options in the host's init call. A
   * worker that fails to start is terminated and the error thrown.
   */
  static async open(url, wasmUrl, ...initArgs) {
    const rpc = new WorkerRpc();
    const ready = new Promise((resolve, reject) => rpc.#pending.set(0, { resolve, reject }));
    rpc.#port = await spawn(url, (m) => rpc.#settle(m), (why) => rpc.close(why));
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
