// The worker side of WorkerRpc (worker_rpc.mjs), written once for every worker host
// (worker_host.mjs, witness_worker_host.mjs, embed_worker_host.mjs, lake_worker_host.mjs): answers
// each {id, op, args} with {id, result} or {id, error: {name, message}}, lets an op post
// {id, progress: [...]} while it runs, and first posts {id: 0, result: 'ready'} once the listener is
// attached (module workers drop messages that arrive before a listener exists).
import { RuVectorError, errorToRecord } from './errors.mjs';
import { platform } from './platform.mjs';

// A uniform face over a module Worker's global scope and node:worker_threads' parentPort (which the
// Node hooks provide: a Node worker thread starts in node_worker_boot.mjs).
function connect(name) {
  if (typeof WorkerGlobalScope === 'function' && globalThis instanceof WorkerGlobalScope) {
    return {
      post: (message, transfer) => globalThis.postMessage(message, transfer),
      listen: (handler) => globalThis.addEventListener('message', (event) => handler(event.data)),
    };
  }
  const parentPort = platform.node?.parentPort;
  if (!parentPort) throw new RuVectorError(`${name}'s host must run inside the Worker that ${name} starts`);
  return {
    post: (message, transfer) => parentPort.postMessage(message, transfer),
    listen: (handler) => parentPort.on('message', handler),
  };
}

/**
 * Serves `ops` (name -> function). Each op runs as `ops[op].apply({ progress }, args)`: a non-arrow op
 * may call `this.progress(...values)` to post progress for its request. `before(op)` runs first and
 * may throw to refuse the call; `transfer(result)` lists the buffers to move rather than copy (only
 * fresh copies made for the caller: never a view of the wasm heap).
 */
export function serveOps(name, ops, { before = () => {}, transfer = () => [] } = {}) {
  const port = connect(name);
  port.listen(async ({ id, op, args }) => {
    try {
      if (!Object.hasOwn(ops, op)) throw new RuVectorError(`${name}: unknown operation '${op}'`);
      before(op);
      const progress = (...values) => port.post({ id, progress: values });
      const result = await ops[op].apply({ progress }, args);
      port.post({ id, result }, transfer(result));
    } catch (err) {
      port.post({ id, error: errorToRecord(err) });
    }
  });
  port.post({ id: 0, result: 'ready' });
}

/** The transfer list of a search result ({ids: BigUint64Array, distances}) or a byte array. */
export function resultBuffers(result) {
  if (result?.ids instanceof BigUint64Array) return [result.ids.buffer, result.distances.buffer];
  if (result instanceof Uint8Array) return [result.buffer];
  return [];
}
