// Runs inside the module Worker that IndexWorker (worker.mjs) starts: owns one index (FlatIndex or
// RabitqIndex) and answers {id, op, args} requests with {id, result} or {id, error: {name, message}};
// a build with a progress callback also posts {id, progress: [stage, fraction]} while it runs. Its
// first message, {id: 0, result: 'ready'}, tells the main thread that the listener is attached, so no
// request can arrive before it (module workers drop messages that arrive before a listener exists).
//
// A build or load can be staged: the new index is kept aside until 'commit' makes it current (or
// 'discard' drops it), so a ShardedIndex replaces every shard's index or none.
import { FlatIndex, RabitqIndex, init } from './index.mjs';
import { InvalidInput, RuVectorError, errorToRecord } from './errors.mjs';

let index = null;
let staged = null;

function current() {
  if (!index) throw new RuVectorError('IndexWorker has no index: call build() first');
  return index;
}

function rabitq(what) {
  const i = current();
  if (!(i instanceof RabitqIndex)) {
    throw new RuVectorError(`IndexWorker.${what}() needs a RabitqIndex: build with { kind: 'rabitq' }`);
  }
  return i;
}

function make(vectors, dim, { kind = 'flat', ...options } = {}) {
  if (kind === 'rabitq') return RabitqIndex.build(vectors, dim, options);
  if (kind === 'flat') return FlatIndex.build(vectors, dim, { metric: options.metric, ids: options.ids });
  throw new InvalidInput(`unknown index kind '${kind}': expected 'flat' or 'rabitq'`);
}

// Replaced only once the new index exists: a failed build or load keeps the old one.
function install(next, stage) {
  if (stage) {
    staged?.dispose();
    staged = next;
  } else {
    index?.dispose();
    index = next;
  }
}

function describe(i) {
  if (!i) return null;
  const common = { size: i.size, dim: i.dim, metric: i.metric, memoryBytes: i.memoryBytes };
  if (!(i instanceof RabitqIndex)) return { kind: 'flat', ...common };
  return {
    kind: 'rabitq', ...common, bits: i.bits, store: i.store, nlist: i.nlist, nprobe: i.nprobe,
    rerankFactor: i.rerankFactor, seed: i.seed, rotation: i.rotation, codeBytesPerVector: i.codeBytesPerVector,
  };
}

const ops = {
  init: (options) => init(options),
  build(vectors, dim, options, stage = false) { install(make(vectors, dim, options), stage); },
  load(bytes, stage = false) { install(RabitqIndex.deserialize(bytes), stage); },
  commit() {
    if (!staged) throw new RuVectorError('IndexWorker: nothing staged to commit');
    install(staged, false);
    staged = null;
  },
  discard() {
    staged?.dispose();
    staged = null;
  },
  clear() {
    index?.dispose();
    index = null;
  },
  add: (vectors, ids) => { current().add(vectors, ids); },
  search(queries, k, options) {
    const i = current();
    return i instanceof RabitqIndex ? i.search(queries, k, options) : i.search(queries, k);
  },
  remove: (ids) => current().remove(ids),
  serialize: () => rabitq('serialize').serialize(),
  size: () => index?.size ?? 0,
  info: () => describe(index),
};

// Result buffers are fresh copies made by the bindings: moving them is safe and saves a copy.
function transferables(result) {
  if (result?.ids instanceof BigUint64Array) return [result.ids.buffer, result.distances.buffer];
  if (result instanceof Uint8Array) return [result.buffer];
  return [];
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
    if (op === 'build' && args[2]) {
      // Progress crosses the thread boundary as messages; the caller's callback runs on its thread.
      const { progress, ...options } = args[2];
      args[2] = progress === true
        ? { ...options, progress: (stage, fraction) => port.post({ id, progress: [stage, fraction] }) }
        : options;
    }
    const result = await ops[op](...args);
    port.post({ id, result }, transferables(result));
  } catch (err) {
    port.post({ id, error: errorToRecord(err) });
  }
});
port.post({ id: 0, result: 'ready' });
