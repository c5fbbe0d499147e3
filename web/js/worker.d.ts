// Hand-written declarations for worker.mjs.
import type { BuildOptions, Ids, SearchResult, Vectors } from './index.js';

export {
  RuVectorError, DimensionMismatch, EmptyIndex, InvalidInput, PersistError, WitnessMismatch, EmbedError,
  A2AError, TransportError, ProtocolError, CardSignatureInvalid, errorFromRecord, errorToRecord, throwIfError,
} from './index.js';
export type { BuildOptions, ErrorRecord, Ids, Metric, SearchResult, Vectors } from './index.js';

export interface IndexWorkerOptions {
  /** The worker script (default: worker_host.mjs next to worker.mjs), for bundlers that move files. */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/**
 * A FlatIndex in its own module Worker (node:worker_threads under Node). Every method returns a
 * Promise; errors reject with the same Error subclasses as the in-thread API.
 */
export class IndexWorker {
  private constructor(token: never);
  /** Starts the worker and loads the wasm module in it. */
  static create(options?: IndexWorkerOptions): Promise<IndexWorker>;
  /** Replaces the worker's index with one holding `vectors`; a failed build keeps the old index. */
  build(vectors: Vectors, dim: number, options?: BuildOptions): Promise<void>;
  /** @see FlatIndex.add; rejects with RuVectorError before build(). */
  add(vectors: Vectors, ids?: Ids | null): Promise<void>;
  search(queries: Vectors, k?: number): Promise<SearchResult>;
  remove(ids: Ids): Promise<number>;
  /** Rows in the index (0 before build()). */
  size(): Promise<number>;
  /** Stops the worker; pending and later calls reject with RuVectorError. Idempotent. */
  terminate(): void;
}
