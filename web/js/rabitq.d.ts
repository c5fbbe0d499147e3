// Hand-written declarations for rabitq.mjs (re-exported by index.d.ts).
import type { Ids, Metric, SearchResult, Vectors } from './index.js';

/** Where the original vectors are kept for exact reranking: f32, f16 (half the bytes) or not at all. */
export type VectorStore = 'f32' | 'f16' | 'none';
/** The random rotation: 'auto' picks Hadamard when it fits the dimension, else Haar. */
export type Rotation = 'auto' | 'haar' | 'hadamard';
/** Build stages reported to `progress`: 'train' (k-means), 'assign', 'encode'. */
export type BuildProgress = (stage: string, fraction: number) => void;

export interface RabitqBuildOptions {
  /** Distance (default 'l2'). */
  metric?: Metric;
  /** 1 = RaBitQ; 2..8 adds extended codes (needed for good estimates with store 'none'). Default 1. */
  bits?: number;
  /** Default candidates reranked exactly per hit (>= 1); undefined: calibrated (20 if not calibrated). */
  rerankFactor?: number | null;
  /** IVF lists; undefined picks one (1 list below 20,000 vectors). */
  nlist?: number | null;
  /** Lists searched by default; undefined: calibrated (from 20,000 rows), else picked from nlist. */
  nprobe?: number | null;
  /**
   * Recall@10 in (0, 1] the calibrated defaults reach on the build's own rows (default 0.95, held to
   * the lower end of a 95% confidence interval). Builds from `calibrateFrom` rows with nlist > 1.
   */
  targetRecall?: number;
  /**
   * false: no calibration (a faster build, no table; nprobe picked from nlist, rerankFactor 20), for
   * callers that pass their own search settings. Default true.
   */
  calibrate?: boolean;
  /** Seed of the rotation and k-means, 0 ..= 2^64 - 1 (default 42): same seed, same bytes on every target. */
  seed?: number | bigint;
  rotation?: Rotation;
  /** Default 'f32'. */
  store?: VectorStore;
  /** One id per row; default 0, 1, 2, ... */
  ids?: Ids | null;
  /** Called as (stage, fraction) while building; an exception it throws abandons the build. */
  progress?: BuildProgress | null;
}

/** The core's defaults, names and accepted ranges (RabitqIndex.defaults()). */
export interface RabitqDefaults {
  metric: Metric;
  metrics: Metric[];
  bits: number;
  bitsRange: [number, number];
  rerankFactor: number;
  rerankFactorRange: [number, number];
  /** 0 = automatic: one list below `flatBelow` vectors. */
  nlist: number;
  nlistRange: [number, number];
  flatBelow: number;
  /** 0 = automatic. */
  nprobe: number;
  targetRecall: number;
  targetRecallRange: [number, number];
  /** true: builds of at least `calibrateFrom` rows (with nlist > 1) are calibrated. */
  calibrate: boolean;
  /** Builds of at least this many rows (with nlist > 1) are calibrated. */
  calibrateFrom: number;
  calibrationQueries: number;
  seed: number;
  rotation: Rotation;
  rotations: Rotation[];
  haarMaxPaddedDim: number;
  store: VectorStore;
  stores: VectorStore[];
  threads: number;
  threadsRange: [number, number];
  maxDim: number;
}

export interface RabitqSearchOptions {
  /** Lists to scan (default: the index's nprobe; capped at nlist). */
  nprobe?: number | null;
  /** Candidates reranked per hit (>= 1; default: the index's rerankFactor). */
  rerankFactor?: number | null;
  /**
   * In (0, 1]: the calibration table's cheapest setting reaching this recall@10 (its best if none
   * does) for what nprobe/rerankFactor leave unset. InvalidInput on an index without a table.
   */
  targetRecall?: number | null;
}

/** One measured search setting of the build's calibration (RabitqIndex.calibration). */
export interface RabitqCalibrationEntry {
  nprobe: number;
  rerankFactor: number;
  /** Mean recall@10 of the sample queries. */
  recall: number;
  /** Lower end of its one-sided 95% confidence interval: what targetRecall is held to. */
  recallLower: number;
  codesScanned: number;
  rowsReranked: number;
  /** Bytes read per query (counted, not timed). */
  cost: number;
}

/**
 * Approximate nearest-neighbour index of RaBitQ codes with an IVF partition. Distances are exact
 * when vectors are stored (store 'f32' or 'f16'). Free it with dispose() (a GC finalizer is only a
 * safety net).
 */
export class RabitqIndex {
  private constructor(token: never, handle: never);
  /**
   * A new index of `vectors` (row-major, `dim` floats per row).
   * @throws DimensionMismatch, InvalidInput (NaN/Inf, duplicate ids, bad options), RuVectorError before init()
   */
  static build(vectors: Vectors, dim: number, options?: RabitqBuildOptions): RabitqIndex;
  /** The core's defaults, names and accepted ranges of every option. @throws RuVectorError before init() */
  static defaults(): RabitqDefaults;
  /** @throws PersistError for truncated, corrupt or wrong-version bytes */
  static deserialize(bytes: Uint8Array | ArrayBuffer | ArrayBufferView): RabitqIndex;
  /** Node only: reads a file written by save() (or by Python / C++). Rejects with PersistError. */
  static load(path: string | URL): Promise<RabitqIndex>;
  /** Appends rows; without ids they continue after the largest id. Nothing changes on error. */
  add(vectors: Vectors, ids?: Ids | null): void;
  /** Removes these ids (unknown ids are ignored); returns how many rows were removed. */
  remove(ids: Ids): number;
  /**
   * k nearest rows of each query (k > size gives size columns; ties break by ascending id).
   * @throws DimensionMismatch, InvalidInput (NaN/Inf, k < 1, nprobe < 0, rerankFactor < 1), EmptyIndex
   */
  search(queries: Vectors, k?: number, options?: RabitqSearchOptions): SearchResult;
  /** The versioned, CRC-checked file format (a fresh Uint8Array; its last 4 bytes are the CRC-32). */
  serialize(): Uint8Array;
  /** Node only: writes the index atomically (temp file, fsync, rename). Rejects with PersistError. */
  save(path: string | URL): Promise<void>;
  readonly size: number;
  readonly dim: number;
  readonly metric: Metric;
  readonly bits: number;
  readonly store: VectorStore;
  readonly nlist: number;
  /** Lists searched by default. */
  readonly nprobe: number;
  /** Candidates reranked per hit by default. */
  readonly rerankFactor: number;
  /** The build's calibration table (empty if not calibrated); add/remove leave it as it is. */
  readonly calibration: RabitqCalibrationEntry[];
  readonly seed: bigint;
  /** The rotation the build chose. */
  readonly rotation: 'haar' | 'hadamard';
  /** Approximate bytes held by the index in the wasm heap. */
  readonly memoryBytes: number;
  /**
   * Bytes served from a file mapping, not counted in memoryBytes (Python's `mapped_bytes`): always 0
   * in wasm, which has no mapping; `deserialize` copies the bytes into the heap.
   */
  readonly mappedBytes: number;
  /** Bytes of quantized codes and factors per vector (without ids and stored vectors). */
  readonly codeBytesPerVector: number;
  /** Frees the index now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}
