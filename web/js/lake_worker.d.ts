// Hand-written declarations for lake_worker.mjs.
import type { SearchResult, Vectors } from './index.js';
import type { LakeOptions, LakeStats } from './lake.js';
import type { BundleCheckpoint } from './witness.js';

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
  /** bundle.witness.json as published (content witness, index root, log proof), for display. */
  record: Record<string, unknown>;
  /** With trusted keys: the checkpoint they verified and which of them signed it; else null. */
  checkpoint: BundleCheckpoint | null;
}

export interface LakeWorkerLoadOptions {
  maxIndexBytes?: number;
  maxSidecarBytes?: number;
  /** Verifier keys: the bundle is served only if one of them signed its checkpoint. */
  trustedKeys?: string | Iterable<string>;
}

/** A Lake over bundles fetched from URLs, in its own Worker; verified before it serves. */
export class LakeWorker {
  private constructor(token: symbol);
  static create(options?: LakeWorkerOptions): Promise<LakeWorker>;
  load(url: string | URL, collection: string, options?: LakeWorkerLoadOptions): Promise<LakeWorkerLoaded>;
  search(collection: string, queries: Vectors, k?: number): Promise<SearchResult>;
  refresh(collection: string): Promise<boolean>;
  stats(): Promise<LakeStats>;
  witnessOf(collection: string): Promise<string | null>;
  terminate(): void;
}
