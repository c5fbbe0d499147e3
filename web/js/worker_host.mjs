// Runs inside the module Worker that IndexWorker (worker.mjs) starts: owns one index (FlatIndex or
// RabitqIndex) and answers {id, op, args} requests with {id, result} or {id, error: {name, message}};
// a build with a progress callback also posts {id, progress: [stage, fraction]} while it runs. Its
// first message, {id: 0, result: 'ready'}, tells the main thread that the listener is attached, so no
// request can arrive before it (module workers drop messages that arrive before a listener exists).
//
// A build or load can be staged: the new index is kept aside until 'commit' makes it current (or
// 'discard' drops it), so a ShardedIndex replaces every shard's index or none.
import { FlatIndex, RabitqIndex, init } from './index.mjs';
import { InvalidInput, RuVectorError } from './errors.mjs';
import { resultBuffers, serveOps } from './worker_serve.mjs';

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
  build(vectors, dim, options, stage = false) {
    // Progress crosses the thread boundary as messages; the caller's callback runs on its thread.
    const { progress, ...rest } = options ?? {};
    const reported = progress === true ? { ...rest, progress: (step, fraction) => this.progress(step, fraction) } : rest;
    install(make(vectors, dim, reported), stage);
  },
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
serveOps('IndexWorker', ops, { transfer: resultBuffers });
