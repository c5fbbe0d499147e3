// rv.witness in Node (packed @ruvector/sdk, wasm core): the vectors of tests/data/witness/ — upstream
// bundle witnesses byte for byte, every transparency-dev/merkle case, Go's documented note key —
// plus checkpoint round trips and the shared error classes and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';

const { witness } = rv;
const DATA = process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/witness/` : new URL('../data/witness/', import.meta.url);
const load = async (name) => JSON.parse(await readFile(`${DATA}${name}`, 'utf8'));
const b64 = (s) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (u8) => Buffer.from(u8).toString('hex');
const UNTYPED_ROOT_CASE = 'consistency/additional/sizes-are-equal-one-and-proof-is-empty.json';

await rv.init();

test('bundle witness: every upstream vector byte for byte (preimage and digest)', async () => {
  const { vectors } = await load('upstream_bundle_witness.json');
  assert.ok(vectors.length >= 5);
  for (const v of vectors) {
    const i = v.inputs;
    const args = [i.data_ref, i.dim, i.rotation_seed, i.rerank_factor, i.generation.value];
    assert.equal(hex(witness.bundleWitnessPreimage(...args)), v.preimage_hex, v.name);
    assert.equal(witness.bundleWitness(...args), v.witness_hex, v.name);
    assert.equal(witness.bundleWitness(i.data_ref, BigInt(i.dim), BigInt(i.rotation_seed), i.rerank_factor,
      i.generation.value), v.witness_hex);
  }
  assert.notEqual(witness.bundleWitness('x', 1, 0, 1, 7), witness.bundleWitness('x', 1, 0, 1, '\x07\0\0\0\0\0\0\0'));
  assert.throws(() => witness.bundleWitness('x', 1, 0, 1, -1), { name: 'InvalidInput', message: /generation must be an integer/ });
  assert.throws(() => witness.bundleWitness('x', 2 ** 60, 0, 1, 1), { name: 'InvalidInput', message: /dim/ });
});

test('content witness matches the hashlib oracle vectors', async () => {
  const { cases } = await load('content_witness_vectors.json');
  for (const c of cases) {
    const w = witness.contentWitness(c.ids.map(BigInt), c.rows.flat(), c.dim, { metric: c.metric,
      rotationKind: c.rotation_kind, rotationSeed: BigInt(c.rotation_seed), bits: c.bits, generation: c.generation });
    assert.deepEqual([hex(w.paramsHash), hex(w.dataRoot), w.count, hex(w.root)],
      [c.params_hash_hex, c.data_root_hex, c.count, c.root_hex], c.name);
  }
  assert.throws(() => witness.contentWitness([1n], [1, 2, 3], 2, { metric: 'l2', rotationKind: 'h', rotationSeed: 0,
    bits: 1, generation: 0 }), { name: 'DimensionMismatch' });
});

test('shake256 agrees with node:crypto on random inputs', () => {
  for (let n = 0; n < 400; n += 37) {
    const data = new Uint8Array(n).map((_, i) => (i * 131 + n) & 255);
    for (const len of [1, 32, 136, 300]) {
      const want = createHash('shake256', { outputLength: len }).update(data).digest('hex');
      assert.equal(hex(witness.shake256(data, len)), want);
    }
  }
});

for (const kind of ['inclusion', 'consistency']) {
  test(`every transparency-dev/merkle ${kind} vector`, async () => {
    const cases = (await load('merkle_cases.json'))[kind];
    assert.ok(cases.length >= 90);
    for (const c of cases) {
      const proof = (c.proof ?? []).map(b64);
      const run = () => (kind === 'inclusion'
        ? witness.verifyInclusion(b64(c.leafHash), c.leafIdx, c.treeSize, proof, b64(c.root))
        : witness.verifyConsistency(c.size1, c.size2, proof, b64(c.root1), b64(c.root2)));
      if (c.path === UNTYPED_ROOT_CASE) {
        // 12-byte "roots": Go compares byte strings, ours are typed 32-byte hashes (see the C++ test).
        assert.throws(run, { name: 'InvalidInput', message: /32-byte/ }, c.path);
      } else if (c.wantErr) {
        assert.throws(run, (e) => e instanceof rv.WitnessMismatch || e instanceof rv.InvalidInput, c.path);
      } else {
        run();
      }
    }
  });
}

test('generated proofs verify; tampering and bad lengths are named', () => {
  const leaves = Array.from({ length: 13 }, (_, i) => witness.leafHash(`entry ${i}`));
  const root = witness.merkleRoot(leaves);
  for (let i = 0; i < 13; i++) witness.verifyInclusion(leaves[i], i, 13, witness.inclusionProof(leaves, i), root);
  for (let s = 1; s <= 13; s++) {
    witness.verifyConsistency(s, 13, witness.consistencyProof(leaves, s), witness.merkleRoot(leaves.slice(0, s)), root);
  }
  assert.throws(() => witness.verifyInclusion(leaves[1], 0, 13, witness.inclusionProof(leaves, 0), root),
    { name: 'WitnessMismatch', message: /inclusion proof: the proof leads to root/ });
  assert.throws(() => witness.verifyInclusion(leaves[0], 0, 13, [root.slice(0, 31)], root),
    { name: 'InvalidInput', message: 'proof[0] must be a 32-byte SHA-256 hash, got 31 bytes' });
});

test('checkpoints: sign, verify, refuse', async () => {
  const signer = witness.generateSignerKey('lake.example/log');
  const verifier = witness.verifierKey(signer);
  const root = new Uint8Array(createHash('sha256').update('root').digest());
  const note = witness.signCheckpoint(signer, 'lake.example/log', 42, root, ['ext']);
  const cp = witness.verifyCheckpoint(note, [verifier]);
  assert.deepEqual({ ...cp, root: hex(cp.root) }, { origin: 'lake.example/log', size: 42, root: hex(root), extensions: ['ext'] });
  assert.equal(witness.verifyCheckpoint(note, verifier).size, 42);
  assert.throws(() => witness.verifyCheckpoint(note.replace('\n42\n', '\n43\n'), [verifier]),
    { name: 'WitnessMismatch', message: /does not verify/ });
  assert.throws(() => witness.verifyCheckpoint(note, ['nope']), { name: 'InvalidInput' });
  const big = witness.verifyCheckpoint(witness.signCheckpoint(signer, 'o', 2n ** 64n - 1n, root), [verifier]);
  assert.equal(big.size, 2n ** 64n - 1n);
  const ex = await load('go_note_example.json');
  assert.equal(witness.verifierKey(ex.signer_key), ex.verifier_key);
});
