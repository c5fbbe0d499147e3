// WitnessWorker under Node (worker_threads): the checks run off the main thread with the same
// results and Error classes as in-thread calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';
import { WitnessWorker } from '@ruvector/sdk/worker';

await rv.init();

test('WitnessWorker verifies checkpoints and proofs off the main thread', async () => {
  const { witness } = rv;
  const signer = witness.generateSignerKey('lake.example/log');
  const leaves = Array.from({ length: 9 }, (_, i) => witness.leafHash(`entry ${i}`));
  const root = witness.merkleRoot(leaves);
  const note = witness.signCheckpoint(signer, 'lake.example/log', 9, root);
  const w = await WitnessWorker.create();
  try {
    const cp = await w.verifyCheckpoint(note, [witness.verifierKey(signer)]);
    assert.equal(cp.size, 9);
    assert.deepEqual(Array.from(cp.root), Array.from(root));
    await w.verifyInclusion(leaves[4], 4, 9, witness.inclusionProof(leaves, 4), root);
    await w.verifyConsistency(3, 9, witness.consistencyProof(leaves, 3), witness.merkleRoot(leaves.slice(0, 3)), root);
    assert.equal(await w.bundleWitness('gs://bucket/x.parquet', 128, 42, 20, 7),
      '7eac1775d1f76a4db88672655fc64977287ec60eda47c6df3a19bacfd0c038cd');
    await assert.rejects(w.verifyInclusion(leaves[5], 4, 9, witness.inclusionProof(leaves, 4), root),
      (e) => e instanceof rv.WitnessMismatch && /inclusion proof/.test(e.message));
    await assert.rejects(w.verifyCheckpoint(note, ['bad key']), rv.InvalidInput);
  } finally {
    w.terminate();
  }
  await assert.rejects(w.verifyCheckpoint(note, []), (e) => e instanceof rv.RuVectorError && /terminated/.test(e.message));
});

// The bundle the native lake published (tests/data/witness/signed_bundle/, as bundle.test.mjs).
const BUNDLE_DIR = process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/witness/signed_bundle/`
  : new URL('../data/witness/signed_bundle/', import.meta.url);

test('WitnessWorker verifies a published bundle off the main thread, as witness.verifyBundle does', async () => {
  const { witness } = rv;
  const [sidecar, witnessFile, index, verifier] = await Promise.all(
    ['table.rulake.json', 'bundle.witness.json', 'index.rvq', 'verifier.txt'].map((f) => readFile(`${BUNDLE_DIR}${f}`)));
  const bundle = { sidecar, witness: witnessFile, index: new Uint8Array(index) };
  const key = verifier.toString().trim();
  const w = await WitnessWorker.create();
  try {
    const inThread = witness.verifyBundle(bundle, [key]);
    const offThread = await w.verifyBundle(bundle, [key]);
    assert.deepEqual(offThread, inThread);
    assert.equal(offThread.contentWitness.count, 96);
    assert.equal(offThread.checkpoint.origin, 'ruvector.test/signed-bundle');
    assert.equal((await w.readBundle(bundle)).checkpoint, null);
    assert.deepEqual(await w.bundleCheckpoint(witnessFile, key), witness.bundleCheckpoint(witnessFile, key));
    assert.equal(bundle.index.length, index.length, 'the caller keeps its buffer');

    const flipped = bundle.index.slice();
    flipped[flipped.length - 5] ^= 0x10;
    await assert.rejects(w.verifyBundle({ ...bundle, index: flipped }, [key]), rv.WitnessMismatch);
    const stranger = witness.verifierKey(witness.generateSignerKey('ruvector.test/signed-bundle'));
    await assert.rejects(w.verifyBundle(bundle, [stranger]), rv.WitnessMismatch);
    await assert.rejects(w.verifyBundle(bundle, []), rv.InvalidInput);
  } finally {
    w.terminate();
  }
});
