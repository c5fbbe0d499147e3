// Hand-written declarations for lake.mjs (re-exported by index.d.ts).
import type { Ids, Metric, SearchResult, Vectors } from './index.js';
import type { VectorStore } from './rabitq.js';

/** Trust the cache for `ttlMs` milliseconds between coherence checks. */
export interface Eventual {
  ttlMs: number;
}
export function eventual(ttlMs: number): Eventual;

/** "fresh" (check before every search), eventual(ttlMs), or "frozen" (never re-check after the first prime). */
export type Consistency = 'fresh' | 'frozen' | Eventual;

/** Collections held in wasm memory; every write bumps the collection's generation. */
export class LocalBackend {
  constructor(id: string);
  readonly id: string;
  putCollection(collection: string, vectors: Vectors, dim: number, ids: Ids): void;
  append(collection: string, vectors: Vectors, ids: Ids): void;
  delete(collection: string, ids: Ids): number;
  dropCollection(collection: string): boolean;
  generation(collection: string): bigint;
  listCollections(): string[];
  dataRef(collection: string): string;
  /** The collection's rows as the lake pulls them. */
  pull(collection: string): PulledBatch;
  dispose(): void;
}

/** What a core backend's pull() returns. */
export interface PulledBatch {
  ids: BigUint64Array;
  vectors: Float32Array;
  dim: number;
  generation: bigint;
}

export interface LakeSearchOptions {
  /** 0 = the cached index's default. */
  nprobe?: number;
  rerankFactor?: number;
  /**
   * The row width of `queries` when you know it: a width other than the collection's dim is a
   * DimensionMismatch instead of rows re-cut to fit. Omitted: whole rows of the collection's dim.
   */
  width?: number;
}

/** Options left undefined take the core's defaults (Lake.defaults()). */
export interface LakeOptions {
  consistency?: Consistency;
  /** Per-query rerank budget of every cached index, kept whole on each federated shard. */
  rerankFactor?: number;
  rotationSeed?: number | bigint;
  metric?: Metric;
  bits?: number;
  /** The vectors each cached index keeps for reranking. */
  store?: VectorStore;
  /** LRU limits over unpinned entries; 0 = unbounded. */
  maxEntries?: number;
  maxBytes?: number;
}

/** A lake's options as the core reports them (Lake.defaults(), lake.options). */
export interface LakeOptionValues {
  consistency: 'fresh' | 'frozen' | 'eventual';
  ttlMs: number;
  rerankFactor: number;
  rotationSeed: bigint;
  metric: Metric;
  bits: number;
  store: VectorStore;
  maxEntries: number;
  maxBytes: number;
  /** 0 = all cores (the wasm module runs on one). */
  threads: number;
}

export interface LakeStats {
  hits: number;
  misses: number;
  primes: number;
  invalidations: number;
  sharedHits: number;
  warmInstalls: number;
  totalPrimeMs: number;
  lastPrimeMs: number;
}

export interface FederatedResult extends SearchResult {
  /** queries * k: the index in `targets` each hit came from. */
  shards: Uint32Array;
}

type Awaitable<T> = T | Promise<T>;
/** A coherence token: a u64 counter or an opaque string. */
export type Generation = number | bigint | string;

/** Rows a backend adapter pulls: `ids[i]` names row i of `vectors` (rows of `dim` floats). */
export interface PulledRows {
  ids: Ids;
  vectors: Vectors;
  dim: number;
  generation: Generation;
}

/**
 * Your own backend: the lake calls generation() when its consistency mode asks for a check and
 * pull() when the cache has nothing for that generation. Methods may return Promises (then use the
 * Lake's *Async methods).
 */
export interface BackendAdapter {
  readonly id: string;
  listCollections?(): Awaitable<string[]>;
  generation(collection: string): Awaitable<Generation>;
  pull(collection: string): Awaitable<PulledRows>;
  /** The vector width, so a check needs no pull. */
  dim?(collection: string): Awaitable<number>;
  /** Where the bytes live: backends returning the same data_ref share cache entries. */
  dataRef?(collection: string): Awaitable<string>;
}

/** A published bundle as bytes: the sidecar (table.rulake.json) and index.rvq. */
export interface BundleBytes {
  sidecar: Uint8Array;
  index: Uint8Array;
  /** bundle.witness.json: when given, the content witness and index bytes are checked too. */
  witness?: Uint8Array;
}

/** What a bundle adapter hands the lake: with `trustedKeys`, the signed checkpoint is checked too. */
export interface AdapterBundle extends BundleBytes {
  where?: string;
  trustedKeys?: string | Iterable<string>;
}

/** A backend of published bundles: the core parses the sidecar and installs the index unbuilt. */
export interface BundleAdapter {
  readonly id: string;
  sidecar(collection: string): Awaitable<Uint8Array>;
  bundle(collection: string): Awaitable<AdapterBundle>;
  /**
   * Verifier keys, read at `register` (a malformed one is InvalidInput there): one of them must have
   * signed any bundle this backend is served from, and the lake never serves it from a cache entry
   * installed without their check under the same bundle witness.
   */
  readonly trustedKeys?: string | Iterable<string>;
}

export interface HttpBundleOptions {
  /** Default 1 GiB. */
  maxIndexBytes?: number;
  /** Default 64 KiB (the sidecar parser's own cap). */
  maxSidecarBytes?: number;
  fetch?: (url: string) => Promise<Response>;
  /** Verifier keys ("name+hash+base64"): a bundle serves only if one of them signed its checkpoint. */
  trustedKeys?: string | Iterable<string>;
}

/** A bundle as HttpBundleBackend fetched it: its three files, checked by the core to be one bundle. */
export interface FetchedBundle {
  sidecar: Uint8Array;
  witness: Uint8Array;
  index: Uint8Array;
  where: string;
  trustedKeys: string[];
}

/** Bundles on a static HTTP server: a bundle directory's URL, or {collection: url}. */
export class HttpBundleBackend implements BundleAdapter {
  constructor(id: string, bundles: string | URL | Record<string, string | URL>, options?: HttpBundleOptions);
  readonly id: string;
  readonly maxIndexBytes: number;
  readonly maxSidecarBytes: number;
  readonly trustedKeys: string[];
  listCollections(): string[];
  url(collection: string): string;
  sidecar(collection: string): Promise<Uint8Array>;
  /** table.rulake.json, bundle.witness.json, index.rvq (the reverse of the publisher's order), checked. */
  bundle(collection: string): Promise<FetchedBundle>;
  /** The sidecar and witness file of the last bundle bundle() fetched (its index is not kept). */
  lastFetched(collection: string): { sidecar: Uint8Array; witness: Uint8Array; where: string } | undefined;
}

/** A cache of RaBitQ indexes over registered backends (the same C++ core as Python's rv.Lake). */
export class Lake {
  constructor(options?: LakeOptions);
  /** The options a lake built without them uses, from the core. @throws RuVectorError before init() */
  static defaults(): LakeOptionValues;
  /** The options this lake uses. */
  readonly options: LakeOptionValues;
  register(backend: LocalBackend | BackendAdapter | BundleAdapter): void;
  /**
   * Installs a published bundle from its bytes, checked by the core (with `bundle.witness`: its
   * content witness and index bytes; with `trustedKeys`: its signed checkpoint and log inclusion);
   * returns the vector count.
   */
  warmFromBytes(backend: string, collection: string, bundle: BundleBytes, where?: string,
    trustedKeys?: string | Iterable<string>): number;
  search(backend: string, collection: string, queries: Vectors, k?: number, options?: LakeSearchOptions): SearchResult;
  /** The bundle (table.rulake.json + index.rvq bytes) after a coherence check now, as publish_bundle writes it. */
  publishBytes(backend: string, collection: string): BundleBytes;
  publishBytesAsync(backend: string, collection: string): Promise<BundleBytes>;
  /** The bundle of the entry the collection points at now, without asking its backend. */
  snapshotBytes(backend: string, collection: string): BundleBytes;
  setConsistency(backend: string, collection: string, consistency: Consistency): void;
  consistencyOf(backend: string, collection: string): Consistency;
  pin(backend: string, collection: string, pinned?: boolean): void;
  refcountOf(witness: string): number;
  readonly cacheBytes: number;
  readonly backendIds: string[];
  statsByBackend(): Record<string, LakeStats>;
  statsByCollection(): Array<[string, string, LakeStats]>;
  searchFederated(targets: Iterable<readonly [string, string]>, queries: Vectors, k?: number,
    options?: LakeSearchOptions): FederatedResult;
  prime(backend: string, collection: string): void;
  refresh(backend: string, collection: string): boolean;
  invalidate(backend: string, collection: string): boolean;
  stats(): LakeStats;
  witnessOf(backend: string, collection: string): string | null;
  readonly entryCount: number;
  searchAsync(backend: string, collection: string, queries: Vectors, k?: number, options?: LakeSearchOptions): Promise<SearchResult>;
  searchFederatedAsync(targets: Iterable<readonly [string, string]>, queries: Vectors, k?: number,
    options?: LakeSearchOptions): Promise<FederatedResult>;
  primeAsync(backend: string, collection: string): Promise<void>;
  refreshAsync(backend: string, collection: string): Promise<boolean>;
  dispose(): void;
}

/** The core's federated merge over per-shard results, ordered by (distance, id). */
export function mergeShardResults(parts: readonly SearchResult[], k: number): FederatedResult;

/** How ids are dealt to shards: 'hash' (splitmix64 of the id) or 'range' (quantile split points). */
export type ShardRule = 'hash' | 'range';

/**
 * Which of `shards` shards owns each u64 id: the core's lake::ShardMap, the same routing as Python's
 * rv.lake.ShardMap. 'range' places its split points at the quantiles of `ids`.
 */
export class ShardMap {
  constructor(shardBy: ShardRule, shards: number, ids?: Ids);
  /** Range shards from ascending split points: shard s holds bounds[s-1] <= id < bounds[s]. */
  static fromBounds(bounds: Ids): ShardMap;
  readonly rule: ShardRule;
  readonly shards: number;
  /** The range split points (empty for 'hash'). */
  readonly bounds: BigUint64Array;
  /** The owning shard of each id. */
  assign(ids: Ids): Uint32Array;
}
