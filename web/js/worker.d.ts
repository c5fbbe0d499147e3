// Hand-written declarations for worker.mjs.
import type {
  BuildOptions, BuildProgress, Ids, Metric, RabitqBuildOptions, RabitqSearchOptions, SearchResult, Vectors, VectorStore,
  ShardMap, ShardRule,
} from './index.js';

export {
  RuVectorError, DimensionMismatch, EmptyIndex, InvalidInput, PersistError, WitnessMismatch, EmbedError,
  A2AError, TransportError, ProtocolError, CardSignatureInvalid, errorFromRecord, errorToRecord, throwIfError,
} from './index.js';
export type {
  BuildOptions, BuildProgress, ErrorRecord, Ids, Metric, RabitqBuildOptions, RabitqSearchOptions, Rotation,
  SearchResult, Vectors, VectorStore,
} from './index.js';

export { WitnessWorker, type WitnessWorkerOptions } from './witness_worker.js';
export { EmbedWorker, type EmbedWorkerOptions, ImageEmbedWorker, type ImageEmbedWorkerOptions } from './embed_worker.js';
export { LakeWorker, type LakeWorkerOptions, type LakeWorkerLoaded, type LakeWorkerLoadOptions } from './lake_worker.js';

export interface IndexWorkerOptions {
  /** The worker script (default: worker_host.mjs next to worker.mjs), for bundlers that move files. */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/** Build options of an exact FlatIndex in a worker (the default kind). */
export interface FlatWorkerBuildOptions extends BuildOptions {
  kind?: 'flat';
}

/** Build options of a RabitqIndex in a worker; `progress` runs on the calling thread. */
export interface RabitqWorkerBuildOptions extends RabitqBuildOptions {
  kind: 'rabitq';
}

export type WorkerBuildOptions = FlatWorkerBuildOptions | RabitqWorkerBuildOptions;

/** What a worker holds (IndexWorker.info()). */
export type IndexInfo = {
  kind: 'flat';
  size: number;
  dim: number;
  metric: Metric;
  memoryBytes: number;
} | {
  kind: 'rabitq';
  size: number;
  dim: number;
  metric: Metric;
  memoryBytes: number;
  bits: number;
  store: VectorStore;
  nlist: number;
  nprobe: number;
  rerankFactor: number;
  seed: bigint;
  rotation: 'haar' | 'hadamard';
  codeBytesPerVector: number;
};

/**
 * An index (FlatIndex or RabitqIndex) in its own module Worker (node:worker_threads under Node).
 * Every method returns a Promise; errors reject with the same Error subclasses as the in-thread API.
 */
export class IndexWorker {
  private constructor(token: never);
  /** Starts the worker and loads the wasm module in it. */
  static create(options?: IndexWorkerOptions): Promise<IndexWorker>;
  /** `shards` workers behind one index: the same as ShardedIndex.create(options). */
  static createSharded(options?: ShardedIndexOptions): Promise<ShardedIndex>;
  /**
   * Replaces the worker's index with one holding `vectors`; a failed build keeps the old index. If
   * `progress` throws, the new index is dropped and the call rejects with that error.
   */
  build(vectors: Vectors, dim: number, options?: WorkerBuildOptions): Promise<void>;
  /** @see FlatIndex.add / RabitqIndex.add; rejects with RuVectorError before build(). */
  add(vectors: Vectors, ids?: Ids | null): Promise<void>;
  /** `options` apply to a RabitqIndex (a FlatIndex is always exact). */
  search(queries: Vectors, k?: number, options?: RabitqSearchOptions): Promise<SearchResult>;
  remove(ids: Ids): Promise<number>;
  /** Rows in the index (0 before build()). */
  size(): Promise<number>;
  /** The kind and properties of the worker's index; null before build(). */
  info(): Promise<IndexInfo | null>;
  /** The worker's RabitqIndex in its file format; rejects with RuVectorError for a FlatIndex. */
  serialize(): Promise<Uint8Array>;
  /** Replaces the worker's index with the RabitqIndex in `bytes` (PersistError if they are not one). */
  load(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): Promise<void>;
  /** Stops the worker; pending and later calls reject with RuVectorError. Idempotent. */
  terminate(): void;
}

/** A progress callback of a sharded build: which shard reports. */
export type ShardedBuildProgress = (stage: string, fraction: number, shard: number) => void;

export type ShardedBuildOptions =
  | (Omit<FlatWorkerBuildOptions, 'progress'> & { progress?: ShardedBuildProgress | BuildProgress | null })
  | (Omit<RabitqWorkerBuildOptions, 'progress'> & { progress?: ShardedBuildProgress | BuildProgress | null });

export type ShardedIndexOptions = IndexWorkerOptions & Partial<Omit<RabitqWorkerBuildOptions, 'ids' | 'progress' | 'kind'>> & {
  /** Workers to start (default 2). */
  shards?: number;
  /** The index kind of every shard (default 'flat'); build() may override it. */
  kind?: 'flat' | 'rabitq';
  /** How rows are dealt to shards (default 'hash'): the core's ShardMap, as in Python's rv.ray.ShardedLake. */
  shardBy?: ShardRule;
  progress?: ShardedBuildProgress | BuildProgress | null;
};

/**
 * One collection spread over several IndexWorkers. Rows go to the shard the core's ShardMap names
 * ('hash' by default; 'range' places its split points at build()); searches run on every shard in
 * parallel and the hits are merged by the core's federated merge, (distance, id), so with exact
 * settings the result equals one index's.
 */
export class ShardedIndex {
  private constructor(token: never, workers: never, defaults: never);
  /** Starts the workers; options other than shards/url/wasmUrl are build defaults. */
  static create(options?: ShardedIndexOptions): Promise<ShardedIndex>;
  readonly shards: number;
  /** The routing of ids to shards (a 'range' map is placed by each build()). */
  readonly shardMap: ShardMap;
  /** Replaces every shard's index, all or none. */
  build(vectors: Vectors, dim: number, options?: ShardedBuildOptions): Promise<void>;
  /** All or nothing across shards; without ids, rows continue after the largest id ever added. */
  add(vectors: Vectors, ids?: Ids | null): Promise<void>;
  search(queries: Vectors, k?: number, options?: RabitqSearchOptions): Promise<SearchResult>;
  remove(ids: Ids): Promise<number>;
  /** Rows in all shards. */
  size(): Promise<number>;
  /** Each shard's info() (null for a shard that holds no rows). */
  info(): Promise<Array<IndexInfo | null>>;
  /** Stops every worker; idempotent. */
  terminate(): void;
}
