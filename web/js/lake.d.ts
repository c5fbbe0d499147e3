// Hand-written declarations for lake.mjs (re-exported by index.d.ts).
import type { Ids, Metric, SearchResult, Vectors } from './index.js';

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
  dispose(): void;
}

export interface LakeOptions {
  consistency?: Consistency;
  /** Per-query rerank budget of every cached index, kept whole on each federated shard (default 20). */
  rerankFactor?: number;
  rotationSeed?: number | bigint;
  metric?: Metric;
  bits?: number;
  /** LRU limits over unpinned entries; 0 = unbounded. */
  maxEntries?: number;
  maxBytes?: number;
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

/** A cache of RaBitQ indexes over registered backends (the same C++ core as Python's rv.Lake). */
export class Lake {
  constructor(options?: LakeOptions);
  register(backend: LocalBackend): void;
  search(backend: string, collection: string, queries: Vectors, k?: number): SearchResult;
  searchFederated(targets: Iterable<readonly [string, string]>, queries: Vectors, k?: number): FederatedResult;
  prime(backend: string, collection: string): void;
  refresh(backend: string, collection: string): boolean;
  invalidate(backend: string, collection: string): boolean;
  stats(): LakeStats;
  witnessOf(backend: string, collection: string): string | null;
  readonly entryCount: number;
  searchAsync(backend: string, collection: string, queries: Vectors, k?: number): Promise<SearchResult>;
  searchFederatedAsync(targets: Iterable<readonly [string, string]>, queries: Vectors, k?: number): Promise<FederatedResult>;
  primeAsync(backend: string, collection: string): Promise<void>;
  refreshAsync(backend: string, collection: string): Promise<boolean>;
  dispose(): void;
}

/** The core's federated merge over per-shard results, ordered by (distance, id). */
export function mergeShardResults(parts: readonly SearchResult[], k: number): FederatedResult;
