// Runs inside the module Worker that IndexWorker (worker.mjs) starts: owns one FlatIndex and answers
// {id, op, args} requests with {id, result} or {id, error: {name, message}}. Its first message,
// {id: 0, result: 'ready'}, tells the main thread that the listener is attached, so no request can
// arrive before it (module workers drop messages that arrive before a listener exists).
import { FlatIndex, init } from './index.mjs';
import { RuVectorError, errorToRecord } from './errors.mjs';

let index = null;

function current() {
  if (!index) throw new RuVectorError('IndexWorker has no index: call build() first');
  return index;
}

const ops = {
  init: (options) => init(options),
  build(vectors, dim, options) {
    const next = FlatIndex.build(vectors, dim, options);
    index?.dispose(); // replaced only once the new one was built: a failed build keeps the old index
    index = next;
  },
  add: (vectors, ids) => { current().add(vectors, ids); },
  search: (queries, k) => current().search(queries, k),
  remove: (ids) => current().remove(ids),
  size: () => index?.size ?? 0,
};

// Result buffers are fresh copies made by the bindings: moving them is safe and saves a copy.
function transferables(result) {
  return result?.ids instanceof BigUint64Array ? [result.ids.buffer, result.distances.buffer] : [];
}

async function connect() {
  if (typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope) {
    return {
      post: (message, transfer) => globalThis.postMessage(message, transfer),
      listen: (handler) => globalThis.addEventListener('message', (event) => handler(event.data)),
    };
  }
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new RuVectorError('worker_host.mjs must run inside a Worker started by IndexWorker');
  return {
    post: (message, transfer) => parentPort.postMessage(message, transfer),
    listen: (handler) => parentPort.on('message', handler),
  };
}

const port = await connect();
port.listen(async ({ id, op, args }) => {
  try {
    if (!Object.hasOwn(ops, op)) throw new RuVectorError(`IndexWorker: unknown operation '${op}'`);
    const result = await ops[op](...args);
    port.post({ id, result }, transferables(result));
  } catch (err) {
    port.post({ id, error: errorToRecord(err) });
  }
});
port.post({ id: 0, result: 'ready' });
