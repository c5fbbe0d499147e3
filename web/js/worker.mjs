// IndexWorker: a Promise API over an index (FlatIndex or RabitqIndex) that lives in its own module
// Worker (browsers) or worker_threads Worker (Node), so builds and searches never block the calling
// thread. ShardedIndex spreads one collection over several IndexWorkers and searches them in
// parallel. Errors come back as the same Error subclasses as in-thread calls.
import { EmptyIndex, InvalidInput, RuVectorError, throwIfError } from './errors.mjs';
import { ownedArray, toBytes, toFloat32, toIds } from './convert.mjs';
import { mergeShardResults, ShardMap } from './lake.mjs';
import { init, loaded, withHeap } from './runtime.mjs';
import { WorkerRpc } from './worker_rpc.mjs';

export * from './errors.mjs';
export { WitnessWorker } from './witness_worker.mjs';
export { EmbedWorker, ImageEmbedWorker } from './embed_worker.mjs';
export { LakeWorker } from './lake_worker.mjs';

// The literal pattern Vite and webpack 5 detect to bundle the host as a worker; under Node the hooks
// start 'worker_host.mjs' in a worker thread instead (worker_rpc.mjs).
const HOST = {
  name: 'worker_host.mjs',
  start: () => new Worker(new URL('./worker_host.mjs', import.meta.url), { type: 'module' }),
};
const CONSTRUCT = Symbol('IndexWorker.create');
const CALL = Symbol('IndexWorker.call'); // ShardedIndex's access to the raw protocol (staged builds)
const KINDS = ['flat', 'rabitq'];

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function checkKind(kind) {
  if (!KINDS.includes(kind)) throw new InvalidInput(`unknown index kind '${kind}': expected 'flat' or 'rabitq'`);
}

function checkProgress(progress) {
  if (progress !== undefined && progress !== null && typeof progress !== 'function') {
    throw new InvalidInput(`progress must be a function (stage, fraction), got ${describe(progress)}`);
  }
  return progress ?? undefined;
}

// Inputs are converted on the calling thread (so type errors carry its stack), into private copies
// whose buffers can be transferred.
const floats = (value, what) => ownedArray(toFloat32(value, what), value);
const idArray = (value) => ownedArray(toIds(value), value);

// The build options that cross to the worker: plain data only (the progress callback stays here).
function buildMessage(options, ids, progress) {
  const { kind = 'flat', ids: _ids, progress: _progress, ...rest } = options ?? {};
  checkKind(kind);
  return progress ? { ...rest, kind, ids, progress: true } : { ...rest, kind, ids };
}

export class IndexWorker {
  #rpc = null;

  /** Use `await IndexWorker.create()`: a worker is only usable once its wasm module is loaded. */
  constructor(token) {
    if (token !== CONSTRUCT) throw new TypeError('use `await IndexWorker.create()` to make an IndexWorker');
  }

  /** @param {import('./worker.js').IndexWorkerOptions} [options] */
  static async create({ url, wasmUrl } = {}) {
    const w = new IndexWorker(CONSTRUCT);
    w.#rpc = await WorkerRpc.open({ ...HOST, url }, wasmUrl);
    return w;
  }

  /** `shards` IndexWorkers behind one index API: see ShardedIndex. */
  static createSharded(options) {
    return ShardedIndex.create(options);
  }

  /**
   * Replaces the worker's index with a new one holding `vectors`: a FlatIndex ({kind: 'flat'}, the
   * default) or a RabitqIndex ({kind: 'rabitq', ...RabitqIndex.build options}). A failed build keeps
   * the old index. `progress(stage, fraction)` runs on this thread; if it throws, the new index is
   * dropped and the call rejects with that error.
   */
  async build(vectors, dim, options = {}) {
    const progress = checkProgress(options?.progress);
    const [v, i] = [floats(vectors, 'vectors'), idArray(options?.ids)];
    const message = buildMessage(options, i, progress);
    if (!progress) {
      await this.#call('build', [v, Number(dim), message], [v.buffer, i.buffer]);
      return;
    }
    const failure = { failed: false, error: undefined };
    const report = ([stage, fraction]) => {
      if (failure.failed) return;
      try {
        progress(stage, fraction);
      } catch (err) {
        failure.failed = true;
        failure.error = err;
      }
    };
    // Staged: every progress message arrives before the result, so the callback's verdict is known
    // before the new index replaces the old one.
    await this.#call('build', [v, Number(dim), message, true], [v.buffer, i.buffer], report);
    if (failure.failed) {
      await this.#call('discard', []);
      throw failure.error;
    }
    await this.#call('commit', []);
  }

  async add(vectors, ids) {
    const [v, i] = [floats(vectors, 'vectors'), idArray(ids)];
    await this.#call('add', [v, i], [v.buffer, i.buffer]);
  }

  /** `options` ({nprobe, rerankFactor}) apply to a RabitqIndex; a FlatIndex is always exact. */
  async search(queries, k = 10, { nprobe, rerankFactor } = {}) {
    const q = floats(queries, 'queries');
    return this.#call('search', [q, Number(k), { nprobe, rerankFactor }], [q.buffer]);
  }

  async remove(ids) {
    const i = idArray(ids);
    return this.#call('remove', [i], [i.buffer]);
  }

  async size() {
    return this.#call('size', []);
  }

  /** What the worker holds ({kind, size, dim, metric, ...}), or null before build(). */
  async info() {
    return this.#call('info', []);
  }

  /** The worker's RabitqIndex in its file format (see RabitqIndex.serialize). */
  async serialize() {
    return this.#call('serialize', []);
  }

  /** Replaces the worker's index with the RabitqIndex in `bytes`; a failed load keeps the old index. */
  async load(bytes) {
    const b = ownedArray(toBytes(bytes, 'bytes'), bytes);
    await this.#call('load', [b], [b.buffer]);
  }

  /** Stops the worker; calls still in flight reject with RuVectorError. Idempotent. */
  terminate() {
    this.#rpc.close('IndexWorker was terminated');
  }

  [CALL](op, args, transfer, progress) {
    return this.#call(op, args, transfer, progress);
  }

  #call(op, args, transfer = [], progress = undefined) {
    return this.#rpc.call(op, args, transfer, progress);
  }
}

// --- ShardedIndex ---------------------------------------------------------------------------------

// The rows of `values` (dim floats each), by the core's checks and messages (check.hpp), run on the
// calling thread before rows are split, so row numbers in messages refer to the caller's rows.
async function checkedRows(values, dim, what) {
  await init();
  const m = loaded();
  return throwIfError(withHeap(m, [values], (pointer) => m.checkRows(pointer, values.length, Number(dim), what))).rows;
}

const MAX_ID = (1n << 64n) - 1n;

// The automatic ids of `count` new rows, refused (with the core's message) rather than wrapped past
// 2^64 - 1: a BigUint64Array would silently store 2^64 as id 0.
function sequentialIds(first, count) {
  if (count > 0 && first + BigInt(count - 1) > MAX_ID) {
    const next = first > MAX_ID ? MAX_ID : first;
    throw new InvalidInput(`automatic ids for ${count} rows would pass ${MAX_ID} (the next is ${next}): pass ids explicitly`);
  }
  const ids = new BigUint64Array(count);
  for (let i = 0; i < count; i++) ids[i] = first + BigInt(i);
  return ids;
}

function maxId(ids) {
  let max = -1n;
  for (const id of ids) if (id > max) max = id;
  return max;
}

/**
 * Rows dealt to their home shards by the core's ShardMap (the routing Python's rv.ray.ShardedLake
 * uses): every id has one home shard, so duplicate ids are refused as in one index and remove()
 * touches only the shards that hold them.
 */
function split(vectors, ids, dim, shardMap) {
  const home = shardMap.assign(ids);
  const counts = new Array(shardMap.shards).fill(0);
  for (const s of home) counts[s]++;
  const parts = counts.map((c) => ({ vectors: new Float32Array(c * dim), ids: new BigUint64Array(c), rows: 0 }));
  for (let r = 0; r < ids.length; r++) {
    const p = parts[home[r]];
    if (vectors) p.vectors.set(vectors.subarray(r * dim, (r + 1) * dim), p.rows * dim);
    p.ids[p.rows++] = ids[r];
  }
  return parts;
}

/**
 * One collection spread over `shards` IndexWorkers: builds and adds deal rows to the shards by the
 * core's ShardMap ('hash' by default, or 'range' placed at each build), searches run on every shard
 * in parallel and the per-shard top-k lists are merged by the core's federated merge, (distance, id),
 * so with exact settings the result equals one index over all rows. Make one with
 * `await ShardedIndex.create({shards, kind, ...build options})` or `IndexWorker.createSharded(...)`.
 */
export class ShardedIndex {
  #workers;
  #shardMap; // 'hash': fixed; 'range': placed over each build's ids
  #defaults; // build options given to create(), overridden by build()'s
  #built; // per shard: holds an index (a shard with no rows has none until an add gives it some)
  #dim = null;
  #nextId = 0n; // auto ids continue after the largest id ever added
  #message = null; // the last build's options (kind, metric, ...), reused when a shard is built by add()

  constructor(token, workers, shardMap, defaults) {
    if (token !== CONSTRUCT) throw new TypeError('use `await ShardedIndex.create({ shards })` to make a ShardedIndex');
    this.#workers = workers;
    this.#shardMap = shardMap;
    this.#defaults = defaults;
    this.#built = workers.map(() => false);
  }

  /** Starts `shards` IndexWorkers (default 2); other options are build defaults (kind, metric, ...). */
  /** @param {import('./worker.js').ShardedIndexOptions} [options] */
  static async create({ shards = 2, shardBy = 'hash', url, wasmUrl, ...defaults } = {}) {
    await init();
    const shardMap = new ShardMap(shardBy, shards); // the core checks the rule and the shard count
    checkKind(defaults.kind ?? 'flat');
    checkProgress(defaults.progress);
    const started = await Promise.allSettled(Array.from({ length: shards }, () => IndexWorker.create({ url, wasmUrl })));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      for (const s of started) if (s.status === 'fulfilled') s.value.terminate();
      throw failed.reason;
    }
    return new ShardedIndex(CONSTRUCT, started.map((s) => s.value), shardMap, defaults);
  }

  get shards() { return this.#workers.length; }

  get shardMap() { return this.#shardMap; }

  /**
   * Replaces every shard's index (all or none) with one holding its share of `vectors`. Without ids,
   * rows get 0, 1, 2, ...; `progress(stage, fraction, shard)` reports each shard's build.
   */
  async build(vectors, dim, options = {}) {
    const merged = { ...this.#defaults, ...options };
    const progress = checkProgress(merged.progress);
    const v = toFloat32(vectors, 'vectors');
    const rows = await checkedRows(v, dim, 'vectors');
    const d = Number(dim);
    const ids = merged.ids === undefined || merged.ids === null ? sequentialIds(0n, rows) : toIds(merged.ids);
    if (ids.length !== rows) throw new InvalidInput(`got ${ids.length} ids for ${rows} vectors`);
    const message = buildMessage(merged, undefined, undefined);
    const shardMap = this.#shardMap.rule === 'range' ? new ShardMap('range', this.shards, ids) : this.#shardMap;
    const parts = split(v, ids, d, shardMap);
    const failure = { failed: false, error: undefined };
    const reporter = (s) => progress && (([stage, fraction]) => {
      if (failure.failed) return;
      try {
        progress(stage, fraction, s);
      } catch (err) {
        failure.failed = true;
        failure.error = err;
      }
    });
    // Staged in every shard, committed only once all of them have built (and progress did not throw).
    const results = await Promise.allSettled(parts.map((p, s) => (p.rows === 0 ? Promise.resolve() : this.#workers[s][CALL](
      'build', [p.vectors, d, { ...message, ids: p.ids, progress: Boolean(progress) }, true], [p.vectors.buffer, p.ids.buffer],
      reporter(s)))));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed || failure.failed) {
      await Promise.allSettled(this.#workers.map((w) => w[CALL]('discard', [])));
      throw failure.failed ? failure.error : failed.reason;
    }
    // Shards without rows of this build hold no index (their old one is dropped with the others').
    await Promise.all(this.#workers.map((w, s) => w[CALL](parts[s].rows ? 'commit' : 'clear', [])));
    this.#built = parts.map((p) => p.rows > 0);
    this.#shardMap = shardMap;
    this.#dim = d;
    this.#message = message;
    this.#nextId = maxId(ids) + 1n;
  }

  /**
   * Adds rows to their home shards (all or nothing: if a shard refuses its rows, e.g. for a duplicate
   * id, the rows already added to the others are removed again). Without ids, rows get the ids after
   * the largest one ever added.
   */
  async add(vectors, ids) {
    const d = this.#requireBuilt();
    const v = toFloat32(vectors, 'vectors');
    const rows = await checkedRows(v, d, 'vectors');
    const given = ids === undefined || ids === null ? sequentialIds(this.#nextId, rows) : toIds(ids);
    if (given.length !== rows) throw new InvalidInput(`got ${given.length} ids for ${rows} vectors`);
    const parts = split(v, given, d, this.#shardMap);
    const results = await Promise.allSettled(parts.map((p, s) => {
      if (p.rows === 0) return Promise.resolve(false);
      const transfer = [p.vectors.buffer, p.ids.buffer];
      if (this.#built[s]) return this.#workers[s][CALL]('add', [p.vectors, p.ids], transfer).then(() => false);
      // A shard that had no rows so far gets its first index now.
      return this.#workers[s][CALL]('build', [p.vectors, d, { ...this.#message, ids: p.ids }], transfer).then(() => true);
    }));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      const undo = split(null, given, d, this.#shardMap);
      await Promise.allSettled(results.map((r, s) => {
        if (r.status !== 'fulfilled' || undo[s].rows === 0) return null;
        // A shard built by this add goes back to holding nothing; the others lose this add's rows.
        return r.value ? this.#workers[s][CALL]('clear', [])
          : this.#workers[s][CALL]('remove', [undo[s].ids], [undo[s].ids.buffer]);
      }));
      throw failed.reason;
    }
    results.forEach((r, s) => { if (r.value) this.#built[s] = true; });
    const top = maxId(given) + 1n;
    if (top > this.#nextId) this.#nextId = top;
  }

  /** Removes these ids from their home shards; returns how many rows were removed. */
  async remove(ids) {
    this.#requireBuilt();
    const parts = split(null, toIds(ids), 1, this.#shardMap);
    const counts = await Promise.all(parts.map((p, s) => (p.rows && this.#built[s]
      ? this.#workers[s][CALL]('remove', [p.ids], [p.ids.buffer]) : 0)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Searches every shard in parallel and merges the hits by (distance, id): the same result shape as
   * IndexWorker.search, with min(k, size) columns.
   */
  async search(queries, k = 10, { nprobe, rerankFactor } = {}) {
    this.#requireBuilt();
    const q = toFloat32(queries, 'queries');
    const live = this.#workers.filter((_, s) => this.#built[s]);
    const settled = await Promise.allSettled(live.map((w) => {
      const copy = q.slice();
      return w[CALL]('search', [copy, Number(k), { nprobe, rerankFactor }], [copy.buffer]);
    }));
    // A shard whose rows were all removed answers EmptyIndex (after validating the query like the
    // others); the search is empty only if every shard is.
    const rejected = settled.filter((r) => r.status === 'rejected').map((r) => r.reason);
    const other = rejected.find((e) => !(e instanceof EmptyIndex));
    if (other) throw other;
    const parts = settled.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    if (parts.length === 0) throw rejected[0] ?? new EmptyIndex('search on an empty index: add vectors first');
    return await mergeResults(parts, Number(k));
  }

  /** Rows in all shards. */
  async size() {
    const sizes = await Promise.all(this.#workers.map((w) => w.size()));
    return sizes.reduce((a, b) => a + b, 0);
  }

  /** Each shard's info() (null for a shard without rows). */
  async info() {
    return Promise.all(this.#workers.map((w) => w.info()));
  }

  /** Stops every worker; calls in flight reject with RuVectorError. Idempotent. */
  terminate() {
    for (const w of this.#workers) w.terminate();
  }

  #requireBuilt() {
    if (this.#dim === null) throw new RuVectorError('ShardedIndex has no index: call build() first');
    return this.#dim;
  }
}

/** Per query, the k best of every shard's row, ordered by (distance, id): the core's federated merge. */
async function mergeResults(parts, k) {
  await init();
  const { ids, distances, k: columns, queries } = mergeShardResults(parts, k);
  return { ids, distances, k: columns, queries };
}
