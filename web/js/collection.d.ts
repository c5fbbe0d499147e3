// Hand-written declarations for collection.mjs (re-exported by index.d.ts).
import type { HashEmbedder } from './embed.js';
import type { TextEmbedder } from './text_encoder.js';
import type { Metric } from './index.js';

/** A caller's embedder: `dim` and texts -> texts.length rows of `dim` floats, row-major. */
export interface CollectionEmbedder {
  readonly dim: number;
  embed(texts: string[]): Float32Array | ArrayLike<number>;
}

/** A caller's index, as CollectionOptions.indexFactory returns it (FlatIndex and RabitqIndex fit). */
export interface CollectionIndex {
  add(vectors: Float32Array, ids: BigUint64Array): void;
  search(queries: Float32Array, k: number): { ids: BigUint64Array | ArrayLike<number | bigint>; distances: Float32Array | ArrayLike<number>; k: number };
  remove(ids: BigUint64Array): number;
  readonly size: number | (() => number);
}

export interface CollectionOptions {
  /** Default: a new HashEmbedder(). */
  embedder?: HashEmbedder | TextEmbedder | CollectionEmbedder;
  /** The index's distance (default 'cosine'); a deserialized collection keeps its saved metric. */
  metric?: Metric;
  /** From this many texts on the index is RaBitQ instead of exact (default: Collection.defaultRabitqThreshold). */
  rabitqThreshold?: number;
  /** Called once, on the first add, with those rows and ids; returns the index to use instead of the core's. */
  indexFactory?: (vectors: Float32Array, options: { ids: BigUint64Array; metric: Metric }) => CollectionIndex;
}

/** A metadata filter (docs/integrations.md): {"field": value}, {"field": {"$gt": 3}}, {"$or": [...]}, ... */
export type MetaFilter = { readonly [key: string]: unknown };

export interface QueryOptions {
  /** An object, or its JSON text. */
  filter?: MetaFilter | string;
}

export interface AddOptions {
  /** One id per text; default: continue after the largest id ever used (0, 1, ... at first). */
  ids?: BigUint64Array | ArrayLike<number | bigint>;
  /** One JSON-serialisable object (or null) per text. */
  metas?: ArrayLike<Record<string, unknown> | null | undefined>;
}

export interface Hit {
  id: bigint;
  /** Higher is closer: 1 - distance for cosine and ip, -distance for l2. */
  score: number;
  text: string;
  meta: Record<string, unknown> | null;
}

/**
 * Texts with u64 ids and JSON metadata, embedded on add() and searched by text with query(): the C++
 * core's Collection, the same as Python's rv.Collection (same file format: serialize() here is
 * save() there). Free it with dispose() (a GC finalizer is only a safety net).
 */
export class Collection {
  /** @throws InvalidInput for a bad metric, embedder or threshold. */
  constructor(options?: CollectionOptions);
  /** The size from which the index is RaBitQ unless rabitqThreshold says otherwise. */
  static readonly defaultRabitqThreshold: number;
  /**
   * A collection from serialize()'s bytes. `embedder` must give the saved dim (DimensionMismatch) and
   * be of the saved kind (InvalidInput); corrupt bytes throw PersistError.
   */
  static deserialize(bytes: Uint8Array | ArrayLike<number>, options?: Omit<CollectionOptions, 'metric'>): Collection;
  /** Embeds and stores texts; returns their ids. Everything is validated before anything changes. */
  add(texts: string | readonly string[], options?: AddOptions): BigUint64Array;
  /** Removes texts by id (unknown ids are ignored); returns how many were removed. */
  remove(ids: number | bigint | BigUint64Array | ArrayLike<number | bigint>): number;
  /**
   * The k (default 5) best hits, best first, ties by ascending id; with `options.filter`, only texts whose
   * metadata pass it (still k when k do: the filter runs inside the index scan).
   */
  query(text: string, k?: number, options?: QueryOptions): Hit[];
  query(texts: readonly string[], k?: number, options?: QueryOptions): Hit[][];
  /** The ids of the stored texts (ascending), or of those whose metadata pass `options.filter`. */
  ids(options?: QueryOptions): BigUint64Array;
  /** The stored texts with these ids (score 0), in the order asked; unknown ids are skipped. */
  get(ids: number | bigint | BigUint64Array | ArrayLike<number | bigint>): Hit[];
  serialize(): Uint8Array;
  has(id: number | bigint): boolean;
  readonly size: number;
  readonly dim: number;
  readonly metric: Metric;
  readonly rabitqThreshold: number;
  /** 'flat', 'rabitq' or 'custom'; null before the first add. */
  readonly indexKind: 'flat' | 'rabitq' | 'custom' | null;
  readonly embedder: HashEmbedder | TextEmbedder | CollectionEmbedder;
  /** Frees the collection now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}
