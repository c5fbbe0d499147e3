// Witnesses and transparency-log checks of the C++ core (src/ruvector/witness/): the upstream bundle
// witness (SHAKE-256), RFC 9162 Merkle proofs and C2SP checkpoints signed with Ed25519. This file
// only converts types (u64 values travel as decimal strings, hashes as Uint8Arrays); every check and
// message comes from the core, and failures throw the Error class of the same name (WitnessMismatch).
import { InvalidInput, throwIfError } from './errors.mjs';
import { toBytes, toFloat32, toIds, toUint64 } from './convert.mjs';
import { loaded, withHeap } from './runtime.mjs';
import { bundleInfo, sizeOut } from './bundle_info.mjs';

const encoder = new TextEncoder();

function u64(value, what) {
  return toUint64(value, what).toString();
}

function bytesArg(value, what) {
  return typeof value === 'string' ? encoder.encode(value) : toBytes(value, what);
}

function hashList(list, what) {
  if (list === null || typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
    throw new InvalidInput(`${what} must be an array of Uint8Array hashes`);
  }
  return Array.from(list, (h, i) => toBytes(h, `${what}[${i}]`));
}

function strings(list, what) {
  if (typeof list === 'string') return [list];
  if (list === null || typeof list !== 'object' || typeof list[Symbol.iterator] !== 'function') {
    throw new InvalidInput(`${what} must be an array of strings`);
  }
  return Array.from(list, String);
}

function generationArgs(generation) {
  if (typeof generation === 'string') return ['opaque', generation];
  return ['num', u64(generation, 'generation')];
}

function bundle(dataRef, dim, rotationSeed, rerankFactor, generation) {
  return throwIfError(loaded().witnessBundle(String(dataRef), u64(dim, 'dim'), u64(rotationSeed, 'rotationSeed'),
    u64(rerankFactor, 'rerankFactor'), ...generationArgs(generation)));
}

/** The upstream ruLake bundle witness (`rvf_witness`), lower-case hex. A string generation is opaque. */
export function bundleWitness(dataRef, dim, rotationSeed, rerankFactor, generation) {
  return bundle(dataRef, dim, rotationSeed, rerankFactor, generation).hex;
}

/** The exact bytes bundleWitness hashes with SHAKE-256. */
export function bundleWitnessPreimage(dataRef, dim, rotationSeed, rerankFactor, generation) {
  return bundle(dataRef, dim, rotationSeed, rerankFactor, generation).preimage;
}

/**
 * Content witness v2 (docs/lake.md) of `vectors` (row-major, `dim` floats per row) with their u64
 * `ids`, and the parameters: {paramsHash, dataRoot, count, root}.
 */
export function contentWitness(ids, vectors, dim, { metric, rotationKind, rotationSeed, bits, generation }) {
  const m = loaded();
  const i = toIds(ids);
  const v = toFloat32(vectors, 'vectors');
  const w = throwIfError(withHeap(m, [i, v], (ip, vp) => m.witnessContent(ip, i.length, vp, v.length, Number(dim),
    String(metric), String(rotationKind), u64(rotationSeed, 'rotationSeed'), Number(bits), ...generationArgs(generation))));
  return { paramsHash: w.paramsHash, dataRoot: w.dataRoot, count: sizeOut(w.count), root: w.root };
}

/** SHAKE-256 of `data` (bytes or a string, UTF-8), `length` output bytes. */
export function shake256(data, length) {
  return throwIfError(loaded().witnessShake256(bytesArg(data, 'data'), Number(length)));
}

/** RFC 9162 leaf hash: SHA-256(0x00 || data). */
export function leafHash(data) {
  return throwIfError(loaded().witnessLeafHash(bytesArg(data, 'data')));
}

/** RFC 9162 Merkle tree hash over leaf hashes. */
export function merkleRoot(leafHashes) {
  return throwIfError(loaded().witnessMerkleRoot(hashList(leafHashes, 'leafHashes')));
}

/** Audit path of leaf `index` in the tree of the first `size` leaves (default: all). */
export function inclusionProof(leafHashes, index, size) {
  const leaves = hashList(leafHashes, 'leafHashes');
  return throwIfError(loaded().witnessInclusionProof(leaves, u64(index, 'index'), u64(size ?? leaves.length, 'size')));
}

/** Proof that the first `size1` leaves are a prefix of the first `size2` (default: all). */
export function consistencyProof(leafHashes, size1, size2) {
  const leaves = hashList(leafHashes, 'leafHashes');
  return throwIfError(loaded().witnessConsistencyProof(leaves, u64(size1, 'size1'), u64(size2 ?? leaves.length, 'size2')));
}

/** Throws WitnessMismatch unless `proof` proves `leafHash` at `index` in the tree (size, root). */
export function verifyInclusion(leafHash, index, size, proof, root) {
  throwIfError(loaded().witnessVerifyInclusion(toBytes(leafHash, 'leafHash'), u64(index, 'index'), u64(size, 'size'),
    hashList(proof, 'proof'), toBytes(root, 'root')));
}

/** Throws WitnessMismatch unless the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function verifyConsistency(size1, size2, proof, root1, root2) {
  throwIfError(loaded().witnessVerifyConsistency(u64(size1, 'size1'), u64(size2, 'size2'), hashList(proof, 'proof'),
    toBytes(root1, 'root1'), toBytes(root2, 'root2')));
}

/** A fresh Ed25519 signer key `PRIVATE+KEY+name+hash+base64` (keep it secret). */
export function generateSignerKey(name) {
  return throwIfError(loaded().witnessGenerateSignerKey(String(name)));
}

/** The public verifier key `name+hash+base64` of a signer key. */
export function verifierKey(signerKey) {
  return throwIfError(loaded().witnessVerifierKey(String(signerKey)));
}

/**
 * A C2SP signed note holding the checkpoint (origin, size, root, extension lines).
 * @param {string} signerKey @param {string} origin @param {import('./witness.js').Uint64} size
 * @param {import('./witness.js').ByteInput} root @param {Iterable<string>} [extensions]
 */
export function signCheckpoint(signerKey, origin, size, root, extensions = []) {
  return throwIfError(loaded().witnessSignCheckpoint(String(signerKey), String(origin), u64(size, 'size'),
    toBytes(root, 'root'), strings(extensions, 'extensions')));
}

/**
 * Opens a signed checkpoint note; at least one trusted verifier key must have signed it.
 * Returns {origin, size, root, extensions}; throws WitnessMismatch (InvalidInput for a bad key string).
 */
export function verifyCheckpoint(note, trustedVerifierKeys) {
  const c = throwIfError(loaded().witnessVerifyCheckpoint(String(note), strings(trustedVerifierKeys, 'trustedVerifierKeys')));
  return { origin: c.origin, size: sizeOut(c.size), root: c.root, extensions: c.extensions };
}

function bundleFiles(files) {
  if (files === null || typeof files !== 'object') {
    throw new InvalidInput('files must be {sidecar, witness, index}: the bytes of table.rulake.json, bundle.witness.json and index.rvq');
  }
  const text = (value, what) => (typeof value === 'string' ? value : new TextDecoder().decode(toBytes(value, what)));
  return [text(files.sidecar, 'files.sidecar'), text(files.witness, 'files.witness'), toBytes(files.index, 'files.index')];
}

function checkBundle(files, verify, keys) {
  const m = loaded();
  const [sidecar, witness, index] = bundleFiles(files);
  return bundleInfo(throwIfError(withHeap(m, [index], (p) => m.witnessReadBundle(sidecar, witness, p, index.length, verify, keys))));
}

/**
 * Checks a bundle's files against its witness file: recomputes the content witness and the index
 * root from the bytes (the core's read_bundle). `files`: {sidecar, witness, index}, the contents of
 * table.rulake.json, bundle.witness.json and index.rvq. Throws WitnessMismatch naming what differs.
 * Checks no signature: use verifyBundle to trust a published bundle.
 */
export function readBundle(files) {
  return checkBundle(files, false, []);
}

/**
 * readBundle, then the bundle's signed checkpoint (one of `trustedVerifierKeys` must have signed it)
 * and the inclusion of its entry in the transparency log under it. Throws WitnessMismatch.
 */
export function verifyBundle(files, trustedVerifierKeys) {
  return checkBundle(files, true, strings(trustedVerifierKeys, 'trustedVerifierKeys'));
}

/**
 * The checkpoint a signed bundle's witness file (bundle.witness.json, bytes or text) carries, verified
 * as the lake verifies it before installing the bundle (signature by one of `trustedVerifierKeys`,
 * the bundle's inclusion under it): {origin, size, root, keyNames, leafIndex}. Throws WitnessMismatch.
 */
export function bundleCheckpoint(witnessFile, trustedVerifierKeys) {
  const text = typeof witnessFile === 'string' ? witnessFile : new TextDecoder().decode(toBytes(witnessFile, 'witnessFile'));
  const c = throwIfError(loaded().lakeVerifiedCheckpoint(text, strings(trustedVerifierKeys, 'trustedVerifierKeys')));
  return { origin: c.origin, size: sizeOut(c.size), root: c.root, keyNames: c.keyNames, leafIndex: sizeOut(c.leafIndex) };
}
