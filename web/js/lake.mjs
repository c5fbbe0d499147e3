// ruLake in JS: a Lake over in-memory backends (LocalBackend), with the consistency modes, counters
// and federated search of the C++ core. This file only translates types; the cache, its coherence
// checks and the federated merge live in the core (src/ruvector/lake/).
import { InvalidInput, throwIfError } from './errors.mjs';
import { toFloat32, toIds, toSeed } from './convert.mjs';
import { loaded, NativeHandle, searchResult, withHeap } from './runtime.mjs';

const HANDLE = Symbol('LocalBackend.handle');

/** Collections held in wasm memory; every write bumps the collection's generation. */
export class LocalBackend extends NativeHandle {
  constructor(id) {
    const m = loaded();
    const handle = new m.LocalBackendHandle();
    const status = handle.init(String(id));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    super(handle, 'LocalBackend');
  }

  get id() {
    return this._live().id();
  }

  /** Replaces (or creates) `collection` with `vectors` (rows of `dim` floats) and their `ids`. */
  putCollection(collection, vectors, dim, ids) {
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    const handle = this._live();
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.put(String(collection), Number(dim), vp, v.length, ip, i.length)));
  }

  /** Adds rows; an id already in the collection throws InvalidInput. */
  append(collection, vectors, ids) {
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    const handle = this._live();
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.append(String(collection), vp, v.length, ip, i.length)));
  }

  /** Removes these ids (unknown ones are ignored); returns how many went. */
  delete(collection, ids) {
    const i = toIds(ids);
    const handle = this._live();
    return throwIfError(withHeap(loaded(), [i], (ip) => handle.remove(String(collection), ip, i.length)));
  }

  get [HANDLE]() {
    return this._live();
  }
}

function consistencyArgs(consistency) {
  if (consistency === undefined || consistency === 'fresh') return ['fresh', 0];
  if (consistency === 'frozen') return ['frozen', 0];
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
  constructor({ consistency, rerankFactor = 20, rotationSeed = 42, metric = 'l2', bits = 1, maxEntries = 0,
    maxBytes = 0 } = {}) {
    const m = loaded();
    const [mode, ttl] = consistencyArgs(consistency);
    const seed = toSeed(rotationSeed);
    const handle = new m.LakeHandle();
    const status = handle.init(mode, ttl, Number(rerankFactor), Number(seed >> 32n), Number(seed & 0xffffffffn),
      String(metric), Number(bits), Number(maxEntries ?? 0), Number(maxBytes ?? 0));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    super(handle, 'Lake');
  }

  /** Adds a backend under its id (InvalidInput if the id is taken). */
  register(backend) {
    if (!(backend instanceof LocalBackend)) {
      throw new InvalidInput(`expected a LocalBackend, got ${backend?.constructor?.name ?? typeof backend}`);
    }
    throwIfError(this._live().registerLocal(backend[HANDLE]));
  }

  /** Top-k of a batch of queries in one collection: {ids, distances, k, queries}. */
  search(backend, collection, queries, k = 10) {
    const q = toFloat32(queries, 'queries');
    const handle = this._live();
    return searchResult(throwIfError(withHeap(loaded(), [q],
      (qp) => handle.search(String(backend), String(collection), qp, q.length, Number(k)))));
  }

  /**
   * Top-k over several [backend, collection] targets, each searched with the full k and rerank
   * budget, merged by exact distance (ties by id): {ids, distances, shards, k, queries}.
   */
  searchFederated(targets, queries, k = 10) {
    const q = toFloat32(queries, 'queries');
    const pairs = Array.from(targets, ([b, c]) => [String(b), String(c)]);
    const handle = this._live();
    const r = throwIfError(withHeap(loaded(), [q], (qp) => handle.searchFederated(pairs, qp, q.length, Number(k))));
    return { ...searchResult(r), shards: r.shards };
  }

  /** Checks coherence now and builds the collection's index if absent or stale. */
  prime(backend, collection) {
    throwIfError(this._live().prime(String(backend), String(collection)));
  }

  /** An explicit coherence check, whatever the consistency mode; true if the cache moved. */
  refresh(backend, collection) {
    return throwIfError(this._live().refresh(String(backend), String(collection)));
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

  // Promise siblings: the wasm build has no threads, so these run the call and settle with it.
  async searchAsync(backend, collection, queries, k = 10) {
    return this.search(backend, collection, queries, k);
  }

  async searchFederatedAsync(targets, queries, k = 10) {
    return this.searchFederated(targets, queries, k);
  }

  async primeAsync(backend, collection) {
    return this.prime(backend, collection);
  }

  async refreshAsync(backend, collection) {
    return this.refresh(backend, collection);
  }
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
