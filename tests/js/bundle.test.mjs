// witness.readBundle / verifyBundle in Node (packed @ruvector/sdk, wasm core) on the bundle that the
// native lake published (tests/data/witness/signed_bundle/): the same checks and messages as the
// native read_bundle / verify_bundle, and a WitnessMismatch for a bit flipped anywhere in the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';

const { witness } = rv;
const DIR = process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/witness/signed_bundle/`
  : new URL('../data/witness/signed_bundle/', import.meta.url);

await rv.init();

async function files() {
  const [sidecar, witnessFile, index, verifier] = await Promise.all(
    ['table.rulake.json', 'bundle.witness.json', 'index.rvq', 'verifier.txt'].map((f) => readFile(`${DIR}${f}`)));
  return { bundle: { sidecar, witness: witnessFile, index: new Uint8Array(index) }, verifier: verifier.toString().trim() };
}

test('verifyBundle accepts the published bundle and reports what it checked', async () => {
  const { bundle, verifier } = await files();
  const info = witness.verifyBundle(bundle, [verifier]);
  assert.equal(info.dim, 12);
  assert.equal(info.metric, 'l2');
  assert.equal(info.contentWitness.count, 96);
  assert.equal(info.logIndex, 0);
  assert.equal(info.checkpoint.origin, 'ruvector.test/signed-bundle');
  assert.equal(info.checkpoint.size, 1);
  assert.equal(info.rvfWitness, JSON.parse(bundle.sidecar.toString()).rvf_witness);
  const read = witness.readBundle({ ...bundle, sidecar: bundle.sidecar.toString() });
  assert.equal(read.checkpoint, null);
  assert.deepEqual(read.contentWitness.root, info.contentWitness.root);
});

test('verifyBundle refuses an untrusted key, and a bundle with no key list', async () => {
  const { bundle } = await files();
  const stranger = witness.verifierKey(witness.generateSignerKey('ruvector.test/signed-bundle'));
  assert.throws(() => witness.verifyBundle(bundle, [stranger]), rv.WitnessMismatch);
  assert.throws(() => witness.verifyBundle(bundle, []), rv.InvalidInput);
  assert.throws(() => witness.readBundle(null), rv.InvalidInput);
});

test('a bit flipped anywhere in index.rvq is a WitnessMismatch naming what differs', async () => {
  const { bundle, verifier } = await files();
  const offsets = [];
  for (let i = 0; i < 68; i++) offsets.push(i);
  for (let i = 68; i < bundle.index.length; i += 37) offsets.push(i);
  let namedData = 0;
  for (const offset of offsets) {
    const index = bundle.index.slice();
    index[offset] ^= 1 << (offset % 8);
    assert.throws(() => witness.verifyBundle({ ...bundle, index }, [verifier]), (e) => {
      assert.ok(e instanceof rv.WitnessMismatch, `offset ${offset}: ${e}`);
      if (e.message.includes('vector data differs')) namedData++;
      return true;
    });
  }
  assert.ok(namedData > 5, `flips in vectors and ids name the data (${namedData})`);
});

test('a changed leaf index or checkpoint signature fails the log check', async () => {
  const { bundle, verifier } = await files();
  const text = bundle.witness.toString();
  assert.throws(() => witness.verifyBundle({ ...bundle, witness: text.replace('"leaf_index":0', '"leaf_index":1') },
    [verifier]), /not in the log/);
  const sig = text.lastIndexOf(' ', text.lastIndexOf('\\n"}')) + 5;
  const forged = text.slice(0, sig) + (text[sig] === 'A' ? 'B' : 'A') + text.slice(sig + 1);
  assert.throws(() => witness.verifyBundle({ ...bundle, witness: forged }, [verifier]), rv.WitnessMismatch);
});

test('Lake.warmFromBytes verifies the witness file and the trusted keys before installing', async () => {
  const { bundle, verifier } = await files();
  const lake = new rv.Lake({ consistency: 'frozen' });
  const bytes = { sidecar: new Uint8Array(bundle.sidecar), index: bundle.index, witness: new Uint8Array(bundle.witness) };
  assert.equal(lake.warmFromBytes('mem', 'docs', bytes, 'fixture', [verifier]), 96);
  const index = bundle.index.slice();
  index[index.length >> 1] ^= 8;
  assert.throws(() => new rv.Lake().warmFromBytes('mem', 'docs', { ...bytes, index }, 'fixture'), rv.WitnessMismatch);
  const stranger = witness.verifierKey(witness.generateSignerKey('ruvector.test/signed-bundle'));
  assert.throws(() => new rv.Lake().warmFromBytes('mem', 'docs', bytes, 'fixture', [stranger]), rv.WitnessMismatch);
});
