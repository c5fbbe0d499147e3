// Hand-written declarations for lake_worker.mjs.
import type { SearchResult, Vectors } from './index.js';
import type { LakeOptions, LakeStats } from './lake.js';

export interface LakeWorkerOptions extends LakeOptions {
  /** The worker script (default: lake_worker_host.mjs next to lake_worker.mjs). */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

export interface LakeWorkerLoaded {
  collection: string;
  /** The bundle directory's URL. */
  url: string;
  /** The bundle witness the core verified and now serves (SHAKE-256, hex). */
  witness: string;
  /** The sidecar (table.rulake.json) as published, for display. */
  sidecar: Record<string, unknown>;
}

/** A Lake over bundles fetched from URLs, in its own Worker; verified before it serves. */
export class LakeWorker {
  private constructor(token: symbol);
  static create(options?: LakeWorkerOptions): Promise<LakeWorker>;
  load(url: string | URL, collection: string, limits?: { maxIndexBytes?: number; maxSidecarBytes?: number }): Promise<LakeWorkerLoaded>;
  search(collection: string, queries: Vectors, k?: number): Promise<SearchResult>;
  refresh(collection: string): Promise<boolean>;
  stats(): Promise<LakeStats>;
  witnessOf(collection: string): Promise<string | null>;
  terminate(): void;
}
