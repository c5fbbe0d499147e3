// WitnessWorker under Node (worker_threads): the checks run off the main thread with the same
// results and Error classes as in-thread calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
