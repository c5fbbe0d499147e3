// Types of witness.mjs: the witness and transparency-log checks of the C++ core.

/** A u64 argument: a safe non-negative integer or a bigint up to 2^64 - 1. */
export type Uint64 = number | bigint;
/** Bytes: a Uint8Array (or any ArrayBufferView / ArrayBuffer); strings are UTF-8 encoded. */
export type ByteInput = Uint8Array | ArrayBufferView | ArrayBuffer | number[];

export interface Checkpoint {
  origin: string;
  /** A number when it is a safe integer, else a bigint. */
  size: number | bigint;
  root: Uint8Array;
  extensions: string[];
}

export function bundleWitness(
  dataRef: string, dim: Uint64, rotationSeed: Uint64, rerankFactor: Uint64, generation: Uint64 | string): string;
export function bundleWitnessPreimage(
  dataRef: string, dim: Uint64, rotationSeed: Uint64, rerankFactor: Uint64, generation: Uint64 | string): Uint8Array;
export interface ContentParams {
  metric: string;
  rotationKind: string;
  rotationSeed: Uint64;
  bits: number;
  generation: Uint64 | string;
}

export interface ContentWitness {
  paramsHash: Uint8Array;
  dataRoot: Uint8Array;
  count: number | bigint;
  root: Uint8Array;
}

/** Content witness v2 of row-major `vectors` (dim floats per row) with their u64 `ids`. */
export function contentWitness(
  ids: BigUint64Array | ArrayLike<number | bigint>, vectors: Float32Array | ArrayLike<number>, dim: number,
  params: ContentParams): ContentWitness;
export function shake256(data: ByteInput | string, length: number): Uint8Array;
export function leafHash(data: ByteInput | string): Uint8Array;
export function merkleRoot(leafHashes: Iterable<ByteInput>): Uint8Array;
export function inclusionProof(leafHashes: Iterable<ByteInput>, index: Uint64, size?: Uint64): Uint8Array[];
export function consistencyProof(leafHashes: Iterable<ByteInput>, size1: Uint64, size2?: Uint64): Uint8Array[];
export function verifyInclusion(
  leafHash: ByteInput, index: Uint64, size: Uint64, proof: Iterable<ByteInput>, root: ByteInput): void;
export function verifyConsistency(
  size1: Uint64, size2: Uint64, proof: Iterable<ByteInput>, root1: ByteInput, root2: ByteInput): void;
export function generateSignerKey(name: string): string;
export function verifierKey(signerKey: string): string;
export function signCheckpoint(
  signerKey: string, origin: string, size: Uint64, root: ByteInput, extensions?: Iterable<string>): string;
export function verifyCheckpoint(note: string, trustedVerifierKeys: string | Iterable<string>): Checkpoint;

/** The three files of a published bundle, as bytes or (for the two JSON files) text. */
export interface BundleFiles {
  /** table.rulake.json */
  sidecar: ByteInput | string;
  /** bundle.witness.json */
  witness: ByteInput | string;
  /** index.rvq */
  index: ByteInput;
}

export interface BundleInfo {
  dataRef: string;
  dim: number;
  rotationSeed: number | bigint;
  rerankFactor: number | bigint;
  generation: number | bigint | string;
  rvfWitness: string;
  metric: string;
  rotationKind: string;
  bits: number;
  contentWitness: ContentWitness;
  indexBytes: number | bigint;
  indexRoot: Uint8Array;
  /** The bundle's leaf in the transparency log; null when published without a signer. */
  logIndex: number | bigint | null;
  /** The verified checkpoint (verifyBundle only). */
  checkpoint: Checkpoint | null;
}

export function readBundle(files: BundleFiles): BundleInfo;
export function verifyBundle(files: BundleFiles, trustedVerifierKeys: string | Iterable<string>): BundleInfo;

/** A signed bundle's checkpoint as the lake verified it, and which trusted keys signed it. */
export interface BundleCheckpoint {
  origin: string;
  size: number | bigint;
  root: Uint8Array;
  keyNames: string[];
  /** The bundle's leaf in the transparency log. */
  leafIndex: number | bigint;
}

/** The checkpoint in bundle.witness.json, verified with the trusted keys (signature + inclusion). */
export function bundleCheckpoint(witnessFile: ByteInput | string, trustedVerifierKeys: string | Iterable<string>): BundleCheckpoint;
