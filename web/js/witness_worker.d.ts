// Hand-written declarations for witness_worker.mjs.
import type {
  BundleCheckpoint, BundleFiles, BundleInfo, ByteInput, Checkpoint, ContentParams, ContentWitness, Uint64,
} from './witness.js';

export interface WitnessWorkerOptions {
  /** The worker script (default: witness_worker_host.mjs next to witness_worker.mjs). */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/** The witness checks of `witness` (bundles included) in their own Worker, as Promises (same errors as in-thread). */
export class WitnessWorker {
  private constructor(token: symbol);
  static create(options?: WitnessWorkerOptions): Promise<WitnessWorker>;
  /** witness.readBundle in the worker: the content witness and index root recomputed from the bytes. */
  readBundle(files: BundleFiles): Promise<BundleInfo>;
  /** witness.verifyBundle in the worker: readBundle, then the signed checkpoint and log inclusion. */
  verifyBundle(files: BundleFiles, trustedVerifierKeys: string | string[]): Promise<BundleInfo>;
  bundleCheckpoint(witnessFile: ByteInput | string, trustedVerifierKeys: string | string[]): Promise<BundleCheckpoint>;
  verifyCheckpoint(note: string, trustedVerifierKeys: string | string[]): Promise<Checkpoint>;
  verifyInclusion(leafHash: ByteInput, index: Uint64, size: Uint64, proof: ByteInput[], root: ByteInput): Promise<void>;
  verifyConsistency(size1: Uint64, size2: Uint64, proof: ByteInput[], root1: ByteInput, root2: ByteInput): Promise<void>;
  bundleWitness(dataRef: string, dim: Uint64, rotationSeed: Uint64, rerankFactor: Uint64, generation: Uint64 | string): Promise<string>;
  contentWitness(ids: BigUint64Array | ArrayLike<number | bigint>, vectors: Float32Array | ArrayLike<number>, dim: number,
    params: ContentParams): Promise<ContentWitness>;
  leafHash(data: ByteInput | string): Promise<Uint8Array>;
  merkleRoot(leafHashes: ByteInput[]): Promise<Uint8Array>;
  terminate(): void;
}
