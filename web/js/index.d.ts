// Hand-written declarations for index.mjs (emscripten 3.1.6 has no --emit-tsd).

/** Distance used by an index: l2 = squared L2, ip = 1 - dot, cosine = 1 - cos (1 for a zero vector). */
export type Metric = 'l2' | 'ip' | 'cosine';

export { HashEmbedder, type HashEmbedderOptions } from './embed.js';
export { TextEmbedder, TextEncoder, type TextEncoderLoadOptions, type ModelFile, type EmbedOptions, type EmbedProgress, type Quantize } from './text_encoder.js';
export { ImageEncoder, type ImagePixels, type ImageEncoderLoadOptions, type ImageEmbedOptions, type ImageQuantizeOptions } from './image_encoder.js';
export { Collection, type CollectionOptions, type CollectionEmbedder, type CollectionIndex, type AddOptions, type Hit, type MetaFilter, type QueryOptions } from './collection.js';
export {
  Lake, LocalBackend, HttpBundleBackend, ShardMap, eventual, type ShardRule, type Consistency, type Eventual, type FederatedResult, type LakeOptions,
  type LakeOptionValues, type LakeStats, type BackendAdapter, type BundleAdapter, type BundleBytes, type Generation, type HttpBundleOptions,
  type PulledRows, type PulledBatch, type LakeSearchOptions, type AdapterBundle, type FetchedBundle,
} from './lake.js';
export * as witness from './witness.js';
export { RabitqIndex, type RabitqBuildOptions, type RabitqDefaults, type RabitqSearchOptions, type VectorStore, type Rotation, type BuildProgress } from './rabitq.js';
export {
  A2AClient, cardRequests, clearCardCache, verifyAgentCard, type A2AClientOptions, type A2ACallOptions, type A2ASendOptions,
  type A2AGetTaskOptions, type A2AListTasksQuery, type A2AEvent, type A2ATaskList, type A2AMessage, type A2AHttpRequest,
  type TaskState, type TrustedKeys, type CardVerification, type JsonValue, type JsonObject,
} from './a2a.js';

/** Row-major float input; anything but a Float32Array is converted (one copy). */
export type Vectors = Float32Array | Float64Array | ArrayLike<number>;

/** Vector ids (unsigned 64-bit). Numbers must be safe integers; use bigint above 2^53. */
export type Ids = BigUint64Array | ArrayLike<number | bigint>;

export interface InitOptions {
  /** The module's bytes, when the caller already has them (skips any fetch or file read). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to load ruvector_wasm.wasm from (default: next to the module, in dist/). */
  wasmUrl?: string | URL;
}

/**
 * Loads the wasm module. Must be awaited before anything else; idempotent, and concurrent calls
 * share one load. Rejects with RuVectorError if the module cannot be loaded.
 */
export function init(options?: InitOptions): Promise<void>;

/** Hits of a batch search, row-major: row q holds the hits of query q, closest first. */
export interface SearchResult {
  /** queries * k ids. */
  ids: BigUint64Array;
  /** queries * k distances, matching `ids`. */
  distances: Float32Array;
  /** Columns per row: min(requested k, index size). */
  k: number;
  /** Number of queries (rows). */
  queries: number;
}

export interface FlatIndexOptions {
  metric?: Metric;
}

export interface BuildOptions extends FlatIndexOptions {
  /** One id per row; default 0, 1, 2, ... */
  ids?: Ids;
}

/** Exact (brute-force) k-nearest-neighbour index. Free it with dispose() (a GC finalizer is only a safety net). */
export class FlatIndex {
  /** @throws InvalidInput for dim < 1 or an unknown metric; RuVectorError before init(). */
  constructor(dim: number, options?: FlatIndexOptions);
  /** A new index holding `vectors` (row-major, `dim` floats per row). */
  static build(vectors: Vectors, dim: number, options?: BuildOptions): FlatIndex;
  /**
   * Appends rows. Without ids, rows get max(existing id) + 1, + 2, ... Nothing changes on error.
   * @throws DimensionMismatch, InvalidInput (NaN/Inf, duplicate ids, id count)
   */
  add(vectors: Vectors, ids?: Ids | null): void;
  /**
   * k nearest rows of each query (k > size gives size columns; ties break by ascending id).
   * @throws DimensionMismatch, InvalidInput (NaN/Inf, k < 1), EmptyIndex
   */
  search(queries: Vectors, k?: number): SearchResult;
  /** Removes these ids (unknown ids are ignored); returns how many rows were removed. */
  remove(ids: Ids): number;
  readonly size: number;
  readonly dim: number;
  readonly metric: Metric;
  /** Approximate bytes held by the index in the wasm heap. */
  readonly memoryBytes: number;
  /** Frees the index now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}

/** The rowsA x rowsB distance matrix (row-major) between row-major `a` and `b`. */
export function distances(a: Vectors, b: Vectors, dim: number, options?: FlatIndexOptions): Float32Array;

/** The rowsA x rowsB matrix of differing bits between rows of `bytesPerRow` bytes. */
export function hamming(a: Uint8Array | ArrayLike<number>, b: Uint8Array | ArrayLike<number>,
                        bytesPerRow: number): Uint32Array;

export interface CpuFeatures {
  /** The kernel set in use: 'simd128' in this wasm build. */
  isa: string;
  /** Every kernel set this build can run here. */
  available: string[];
  /** The CPU flags every target reports (the core's list; the x86 ones are false in wasm). */
  popcnt: boolean;
  fma: boolean;
  avx2: boolean;
  avx512f: boolean;
  avx512bw: boolean;
  avx512vpopcntdq: boolean;
  simd128: boolean;
}

export function cpuFeatures(): CpuFeatures;

/** The SDK version ("MAJOR.MINOR.PATCH"), as the core was built with (package.json's). */
export function version(): string;

/** The name/message pair errors travel as (from the bindings, or between threads). */
export interface ErrorRecord {
  name: string;
  message: string;
}

/** Base class of every error the library throws; `name` is the class name in every language. */
export class RuVectorError extends Error {
  constructor(message?: string, options?: { cause?: unknown });
}
export class DimensionMismatch extends RuVectorError {}
export class EmptyIndex extends RuVectorError {}
export class InvalidInput extends RuVectorError {}
export class PersistError extends RuVectorError {}
export class WitnessMismatch extends RuVectorError {}
export class EmbedError extends RuVectorError {}
export class A2AError extends RuVectorError {}
export class TransportError extends A2AError {}
export class ProtocolError extends A2AError {
  /** The JSON-RPC error code, when the agent answered with a JSON-RPC error (e.g. -32001 TaskNotFound). */
  rpcCode?: number;
}
export class CardSignatureInvalid extends A2AError {}

/** The Error subclass named by `record.name` (a RuVectorError for unknown names). */
export function errorFromRecord(record: ErrorRecord): Error;
/** The {name, message} record of any thrown value. */
export function errorToRecord(err: unknown): ErrorRecord;
/** Returns `result`, or throws the error a binding returned as `{error: {name, message}}`. */
export function throwIfError<T>(result: T | { error: ErrorRecord }): T;
