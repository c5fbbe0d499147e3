// ruLake in JS: a Lake over in-memory backends (LocalBackend) and your own adapter objects (whose
// methods may be async), with the consistency modes, counters and federated search of the C++ core.
// This file only translates types and moves bytes; the cache, its coherence checks (when to ask a
// backend for its generation, when to pull) and the federated merge live in the core
// (src/ruvector/lake/).
//
// Adapters: the core is synchronous and an adapter may answer with Promises. Before each operation
// the Lake asks the core what it will need from each adapter (checkDue: its generation now?
// needsPull: its rows or bundle?), awaits exactly that, stages it in the core, then runs the
// operation. The synchronous methods do the same without awaiting (a Promise is then an error).
import { InvalidInput, throwIfError } from './errors.mjs';
import { camelKeys, toBytes, toFloat32, toIds, toSeed, toUint64 } from './convert.mjs';
import { loaded, NativeHandle, searchResult, withHeap } from './runtime.mjs';
import { RowsBackend, initialized } from './rows_backend.mjs';

const HANDLE = Symbol('LocalBackend.handle');

/** Collections held in wasm memory; every write bumps the collection's generation. */
export class LocalBackend extends RowsBackend {
  constructor(id) {
    super(initialized(loaded().LocalBackendHandle, String(id)), 'LocalBackend');
  }

  /** Removes a collection; returns whether it existed. */
  dropCollection(collection) {
    return throwIfError(this._live().dropCollection(String(collection)));
  }

  get [HANDLE]() {
    return this._live();
  }
}

const isThenable = (value) => value !== null && typeof value === 'object' && typeof value.then === 'function';
const NOT_FETCHED = 'was not fetched for this call';

// (isNumber, hi, lo, text) as the binding takes a generation: a u64 counter or an opaque string.
function generationArgs(generation, backendId) {
  if (typeof generation === 'string') return [false, 0, 0, generation];
  const g = toUint64(generation, `backend '${backendId}': a generation (or a string)`);
  return [true, Number(g >> 32n), Number(g & 0xffffffffn), ''];
}

// One registered adapter object and its core-side backend.
class Adapter {
  constructor(adapter, m) {
    const id = adapter.id;
    if (typeof id !== 'string' || id === '') {
      throw new InvalidInput(`a backend adapter's id must be a non-empty string, got ${String(id)}`);
    }
    const servesBundles = typeof adapter.sidecar === 'function' && typeof adapter.bundle === 'function';
    if (!servesBundles && (typeof adapter.generation !== 'function' || typeof adapter.pull !== 'function')) {
      throw new InvalidInput(`backend '${id}' must have generation(collection) and pull(collection) methods ` +
        '(or sidecar(collection) and bundle(collection) for published bundles)');
    }
    this.id = id;
    this.adapter = adapter;
    this.servesBundles = servesBundles;
    this.handle = new m.JsBackendHandle();
    // The keys the core holds the backend to: it never serves it from an entry they did not check.
    throwIfError(this.handle.init(id, trustedKeyList(adapter.trustedKeys ?? [])));
  }

  // The adapter calls the core asks for, as a generator: each yielded value is an adapter's answer
  // (maybe a Promise) that the driver resolves and sends back.
  * stage(lake, collection, force) {
    const { adapter, handle, id } = this;
    if (!throwIfError(lake.checkDue(id, collection, force))) return;
    const m = loaded();
    if (this.servesBundles) {
      const sidecar = toBytes(yield adapter.sidecar(collection), `backend '${id}' sidecar('${collection}')`);
      throwIfError(withHeap(m, [sidecar], (p) => handle.stageSidecar(collection, p, sidecar.length)));
    } else {
      const generation = yield adapter.generation(collection);
      const dim = typeof adapter.dim === 'function' ? Number(yield adapter.dim(collection)) : 0;
      const dataRef = typeof adapter.dataRef === 'function' ? String((yield adapter.dataRef(collection)) ?? '') : '';
      throwIfError(handle.stageGeneration(collection, ...generationArgs(generation, id), dim, dataRef));
    }
    if (!throwIfError(lake.needsPull(id, collection))) return;
    if (this.servesBundles) {
      const b = yield adapter.bundle(collection);
      const what = `backend '${id}' bundle('${collection}')`;
      const side = toBytes(b?.sidecar, `${what}.sidecar`);
      const index = toBytes(b?.index, `${what}.index`);
      const witness = b.witness === undefined ? new Uint8Array(0) : toBytes(b.witness, `${what}.witness`);
      const keys = trustedKeyList(b.trustedKeys ?? []);
      throwIfError(withHeap(m, [side, index, witness], (sp, ip, wp) => handle.stageBundle(collection, sp, side.length,
        ip, index.length, String(b.where ?? `${id}://${collection}`), wp, witness.length, keys)));
    } else {
      const r = yield adapter.pull(collection);
      const what = `backend '${id}' pull('${collection}')`;
      if (r === null || typeof r !== 'object') throw new InvalidInput(`${what} must return {ids, vectors, dim, generation}`);
      const vectors = toFloat32(r.vectors, `${what}.vectors`);
      const ids = toIds(r.ids);
      throwIfError(withHeap(m, [vectors, ids], (vp, ip) => handle.stageRows(collection, vp, vectors.length, ip,
        ids.length, Number(r.dim), ...generationArgs(r.generation, id))));
    }
  }
}

function trustedKeyList(keys) {
  return typeof keys === 'string' ? [keys] : Array.from(keys, String);
}

// The core's lake defaults (LakeOptions in src/ruvector/lake/lake.hpp), parsed once, keys in
// camelCase; a constructor option left undefined takes these, never a value spelled here.
let coreDefaults;
function lakeDefaults() {
  if (coreDefaults === undefined) coreDefaults = lakeValues(loaded().lakeDefaultsJson());
  return coreDefaults;
}

// The core's option values; the u64 rotation_seed becomes a bigint read from its digits (a JS
// number would round it above 2**53).
function lakeValues(json) {
  /** @type {any} */
  const values = camelKeys(json);
  values.rotationSeed = BigInt(/"rotation_seed":(\d+)/.exec(json)[1]);
  return values;
}

function consistencyArgs(consistency) {
  if (consistency === undefined) {
    const d = lakeDefaults();
    return [d.consistency, d.ttlMs];
  }
  if (consistency === 'fresh' || consistency === 'frozen') return [consistency, 0];
  if (typeof consistency === 'object' && consistency !== null && 'ttlMs' in consistency) {
    return ['eventual', Number(consistency.ttlMs)];
  }
  return [String(consistency), 0]; // the core names a bad mode
}

/** `{ ttlMs }`: trust the cache for that long between coherence checks. */
export function eventual(ttlMs) {
  return { ttlMs: Number(ttlMs) };
}

/** A cache of RaBitQ indexes over registered backends (the same core as Python's rv.Lake). */
export class Lake extends NativeHandle {
  /** @param {import('./lake.js').LakeOptions} [options] */
  constructor(options = {}) {
    const m = loaded();
    const d = lakeDefaults();
    const {
      consistency, rerankFactor = d.rerankFactor, rotationSeed = d.rotationSeed, metric = d.metric, bits = d.bits,
      store = d.store, maxEntries = d.maxEntries, maxBytes = d.maxBytes,
    } = options ?? {};
    const [mode, ttl] = consistencyArgs(consistency);
    const seed = toSeed(rotationSeed);
    const handle = new m.LakeHandle();
    const status = handle.init(mode, ttl, Number(rerankFactor), Number(seed >> 32n), Number(seed & 0xffffffffn),
      String(metric), Number(bits), String(store), Number(maxEntries ?? d.maxEntries),
      Number(maxBytes ?? d.maxBytes));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    super(handle, 'Lake');
  }

  /**
   * The options a lake built without them uses, from the core (the same values as Python's
   * rv.Lake.defaults(), keys in camelCase): consistency, ttlMs, rerankFactor, rotationSeed, metric,
   * bits, store, maxEntries, maxBytes (0 = unbounded), threads.
   */
  static defaults() {
    return structuredClone(lakeDefaults());
  }

  /** The options this lake uses, with the same keys as Lake.defaults(). */
  get options() {
    return lakeValues(this._live().optionsJson());
  }

  #adapters = new Map(); // backend id -> Adapter

  /**
   * Adds a backend under its id (InvalidInput if the id is taken): a LocalBackend, an
   * HttpBundleBackend, or your own object {id, generation(c), pull(c) -> {ids, vectors, dim,
   * generation}, dim?(c), dataRef?(c)} whose methods may return Promises (then use the *Async methods).
   */
  register(backend) {
    if (backend instanceof LocalBackend) {
      throwIfError(this._live().registerLocal(backend[HANDLE]));
      return;
    }
    if (backend === null || typeof backend !== 'object') {
      throw new InvalidInput(`expected a LocalBackend or a backend adapter object, got ${String(backend)}`);
    }
    const adapter = new Adapter(backend, loaded());
    const status = this._live().registerJs(adapter.handle);
    if (status !== undefined) {
      adapter.handle.delete();
      throwIfError(status);
    }
    this.#adapters.set(adapter.id, adapter);
  }

  // Runs `op` after staging what the core will ask the adapters among `targets` for; `resolve`
  // drives the staging generators (awaiting or not). Retries once when the core asked for something
  // not staged (an Eventual TTL lapsed in between), staging everything it may ask for.
  #withAdapters(targets, force, op, resolve) {
    const used = [];
    for (const [b, c] of targets) if (this.#adapters.has(b)) used.push([this.#adapters.get(b), c]);
    if (used.length === 0) return op();
    const handle = this._live();
    const clear = () => { for (const [a, c] of used) a.handle.clear(c); };
    const attempt = (forceNow) => resolve(used.map(([a, c]) => a.stage(handle, c, forceNow)), () => {
      try {
        return op();
      } finally {
        clear();
      }
    });
    const retry = (err) => {
      if (!(err instanceof InvalidInput) || !err.message.includes(NOT_FETCHED)) throw err;
      return attempt(true);
    };
    try {
      const result = attempt(force);
      return isThenable(result) ? result.catch((err) => { clear(); return retry(err); }) : result;
    } catch (err) {
      clear();
      return retry(err);
    }
  }

  /**
   * Top-k of a batch of queries in one collection: {ids, distances, k, queries}. `nprobe` and
   * `rerankFactor` override the cached index's defaults for this search (0 = the default).
   */
  search(backend, collection, queries, k = 10, options = {}) {
    return this.#withAdapters([[String(backend), String(collection)]], false,
      () => this.#search(backend, collection, queries, k, options), resolveNow);
  }

  /**
   * Top-k over several [backend, collection] targets, each searched with the full k and rerank
   * budget, merged by exact distance (ties by id): {ids, distances, shards, k, queries}. `nprobe`
   * and `rerankFactor` override every target's defaults for this search, as in search().
   */
  searchFederated(targets, queries, k = 10, options = {}) {
    const pairs = Array.from(targets, ([b, c]) => [String(b), String(c)]);
    return this.#withAdapters(pairs, false, () => this.#searchFederated(pairs, queries, k, options), resolveNow);
  }

  /** Checks coherence now and builds the collection's index if absent or stale. */
  prime(backend, collection) {
    this.#withAdapters([[String(backend), String(collection)]], true,
      () => throwIfError(this._live().prime(String(backend), String(collection))), resolveNow);
  }

  /** An explicit coherence check, whatever the consistency mode; true if the cache moved. */
  refresh(backend, collection) {
    return this.#withAdapters([[String(backend), String(collection)]], true,
      () => throwIfError(this._live().refresh(String(backend), String(collection))), resolveNow);
  }

  /**
   * Installs a published bundle from its bytes ({sidecar, index[, witness]} as Uint8Arrays, `where`
   * naming it in errors) under [backend, collection], without a rebuild; the core checks the sidecar's
   * witness and that seed, rerank factor, dim, metric and bits match. With `witness` (the bytes of
   * bundle.witness.json) it also checks the content witness and the index bytes, and with
   * `trustedKeys` the signed checkpoint and log inclusion (as witness.verifyBundle). Returns the count.
   */
  warmFromBytes(backend, collection, { sidecar, index, witness }, where = `${backend}/${collection}`, trustedKeys = []) {
    const s = toBytes(sidecar, 'sidecar');
    const i = toBytes(index, 'index');
    const w = witness === undefined ? new Uint8Array(0) : toBytes(witness, 'witness');
    const keys = trustedKeyList(trustedKeys);
    const handle = this._live();
    return throwIfError(withHeap(loaded(), [s, i, w], (sp, ip, wp) => handle.warmFromBytes(String(backend),
      String(collection), sp, s.length, ip, i.length, String(where), wp, w.length, keys)));
  }

  #search(backend, collection, queries, k, { nprobe = 0, rerankFactor = 0, width = 0 } = {}) {
    const q = toFloat32(queries, 'queries');
    const handle = this._live();
    return searchResult(throwIfError(withHeap(loaded(), [q], (qp) => handle.search(String(backend),
      String(collection), qp, q.length, Number(k), Number(nprobe ?? 0), Number(rerankFactor ?? 0),
      Number(width ?? 0)))));
  }

  /**
   * The collection's bundle as bytes {sidecar, index} (table.rulake.json and index.rvq), after a
   * coherence check now (priming if needed), as publish_bundle writes it to a directory.
   */
  publishBytes(backend, collection) {
    const [b, c] = [String(backend), String(collection)];
    return this.#withAdapters([[b, c]], true, () => throwIfError(this._live().bundleBytes(b, c, true)), resolveNow);
  }

  /**
   * Internal (the Pyodide ring's bundle directories, web/pyodide/files.mjs): runs `op(handle)` on the
   * core's lake after a coherence check's staging of [backend, collection], as publishBytes does.
   */
  _afterStaging(backend, collection, op) {
    const [b, c] = [String(backend), String(collection)];
    return this.#withAdapters([[b, c]], true, () => throwIfError(op(this._live())), resolveNow);
  }

  /** The bundle of the entry the collection points at now, without asking its backend. */
  snapshotBytes(backend, collection) {
    return throwIfError(this._live().bundleBytes(String(backend), String(collection), false));
  }

  /** Overrides the lake's consistency for one collection. */
  setConsistency(backend, collection, consistency) {
    const [mode, ttl] = consistencyArgs(consistency);
    throwIfError(this._live().setConsistency(String(backend), String(collection), mode, ttl));
  }

  /** 'fresh' | 'frozen' | {ttlMs}. */
  consistencyOf(backend, collection) {
    const { mode, ttlMs } = throwIfError(this._live().consistencyOf(String(backend), String(collection)));
    return mode === 'eventual' ? { ttlMs } : mode;
  }

  /** Keeps the collection's entry out of LRU eviction. */
  pin(backend, collection, pinned = true) {
    throwIfError(this._live().pin(String(backend), String(collection), Boolean(pinned)));
  }

  /** How many collections share the entry of this witness. */
  refcountOf(witness) {
    return throwIfError(this._live().refcountOf(String(witness)));
  }

  get cacheBytes() {
    return throwIfError(this._live().cacheBytes());
  }

  get backendIds() {
    return throwIfError(this._live().backendIds());
  }

  /** {backendId: stats}. */
  statsByBackend() {
    return throwIfError(this._live().statsByBackend());
  }

  /** [[backend, collection, stats], ...]. */
  statsByCollection() {
    return throwIfError(this._live().statsByCollection());
  }

  #searchFederated(pairs, queries, k, { nprobe = 0, rerankFactor = 0, width = 0 } = {}) {
    const q = toFloat32(queries, 'queries');
    const handle = this._live();
    const r = throwIfError(withHeap(loaded(), [q], (qp) => handle.searchFederated(pairs, qp, q.length, Number(k),
      Number(nprobe ?? 0), Number(rerankFactor ?? 0), Number(width ?? 0))));
    return { ...searchResult(r), shards: r.shards };
  }

  /** Drops the collection's cache pointer; the next search primes again. */
  invalidate(backend, collection) {
    return throwIfError(this._live().invalidate(String(backend), String(collection)));
  }

  /** hits, misses, primes, invalidations, sharedHits, warmInstalls, totalPrimeMs, lastPrimeMs. */
  stats() {
    return throwIfError(this._live().stats());
  }

  /** The witness (hex) of the entry serving the collection, or null. */
  witnessOf(backend, collection) {
    return throwIfError(this._live().witnessOf(String(backend), String(collection)));
  }

  get entryCount() {
    return this._live().entryCount();
  }

  // Promise siblings: adapters' Promises are awaited; the core's work itself runs in this thread
  // (the wasm build has no threads: use a LakeWorker to keep it off the page's thread).
  async searchAsync(backend, collection, queries, k = 10, options = {}) {
    return this.#withAdapters([[String(backend), String(collection)]], false,
      () => this.#search(backend, collection, queries, k, options), resolveAwaiting);
  }

  async publishBytesAsync(backend, collection) {
    const [b, c] = [String(backend), String(collection)];
    return this.#withAdapters([[b, c]], true, () => throwIfError(this._live().bundleBytes(b, c, true)),
      resolveAwaiting);
  }

  async searchFederatedAsync(targets, queries, k = 10, options = {}) {
    const pairs = Array.from(targets, ([b, c]) => [String(b), String(c)]);
    return this.#withAdapters(pairs, false, () => this.#searchFederated(pairs, queries, k, options),
      resolveAwaiting);
  }

  async primeAsync(backend, collection) {
    await this.#withAdapters([[String(backend), String(collection)]], true,
      () => throwIfError(this._live().prime(String(backend), String(collection))), resolveAwaiting);
  }

  async refreshAsync(backend, collection) {
    return this.#withAdapters([[String(backend), String(collection)]], true,
      () => throwIfError(this._live().refresh(String(backend), String(collection))), resolveAwaiting);
  }

  dispose() {
    for (const adapter of this.#adapters.values()) adapter.handle.delete();
    this.#adapters.clear();
    super.dispose();
  }
}

// Drivers of the staging generators: synchronously (an adapter's Promise is an error) ...
function resolveNow(steps, op) {
  for (const step of steps) {
    for (let r = step.next(); !r.done; r = step.next(r.value)) {
      if (isThenable(r.value)) {
        throw new InvalidInput('a backend adapter answered with a Promise: use the Lake\'s *Async methods');
      }
    }
  }
  return op();
}

// ... or awaiting each answer.
async function resolveAwaiting(steps, op) {
  for (const step of steps) {
    for (let r = step.next(); !r.done; r = step.next(await r.value));
  }
  return op();
}

/** The core's federated merge over per-shard search results (ShardedIndex uses it). */
export function mergeShardResults(parts, k) {
  const words = parts.map((p) => ({
    queries: p.queries,
    k: p.k,
    idWords: new Uint32Array(p.ids.buffer, p.ids.byteOffset, p.ids.length * 2),
    distances: p.distances,
  }));
  const r = throwIfError(loaded().mergeShardResults(words, Number(k)));
  return { ...searchResult(r), shards: r.shards };
}

const wordsAsIds = (words) => new BigUint64Array(words.buffer, words.byteOffset, words.length / 2);

/**
 * Which of `shards` shards owns each u64 id: the core's lake::ShardMap, so JS routes a row to the
 * same shard as Python's rv.lake.ShardMap. 'hash' mixes the id first (splitmix64, so strided or
 * blocked ids spread evenly); 'range' cuts the id space at the quantiles of `ids`.
 */
export class ShardMap {
  #rule;
  #shards;
  #bounds;

  constructor(shardBy, shards, ids = []) {
    const i = toIds(ids);
    const m = loaded();
    const r = throwIfError(withHeap(m, [i], (ip) => m.shardMapOver(String(shardBy), ip, i.length, Number(shards))));
    this.#rule = r.rule;
    this.#shards = r.shards;
    this.#bounds = wordsAsIds(r.boundWords);
  }

  /** Range shards from ascending split points: shard s holds bounds[s-1] <= id < bounds[s]. */
  static fromBounds(bounds) {
    const b = toIds(bounds);
    const made = new ShardMap('hash', 1);
    made.#rule = 'range';
    made.#shards = b.length + 1;
    made.#bounds = b.slice();
    made.assign([]); // the core checks the bounds (ascending, count)
    return made;
  }

  get rule() { return this.#rule; }
  get shards() { return this.#shards; }
  /** The range split points (empty for 'hash'). */
  get bounds() { return this.#bounds.slice(); }

  /** The owning shard of each id. */
  assign(ids) {
    const i = toIds(ids);
    const m = loaded();
    return throwIfError(withHeap(m, [this.#bounds, i], (bp, ip) => m.shardMapAssign(this.#rule, this.#shards, bp,
      this.#bounds.length, ip, i.length))).homes;
  }
}

export { HttpBundleBackend } from './lake_http.mjs';
