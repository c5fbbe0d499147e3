// The witness test page: every vector of tests/data/witness/ through one WitnessWorker (a module
// Worker running the wasm core), plus a checkpoint signed on the page and verified in the worker.
// window.results is plain data, checked by witness.test.mjs in Node.
import { init, witness } from '../../web/js/index.mjs';
import { WitnessWorker } from '../../web/js/worker.mjs';

const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const load = async (name) => (await fetch(`../data/witness/${name}`)).json();

async function outcome(promise) {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return e.name;
  }
}

async function run() {
  await init();
  const [bundle, merkle, content] = await Promise.all([load('upstream_bundle_witness.json'), load('merkle_cases.json'),
    load('content_witness_vectors.json')]);
  const w = await WitnessWorker.create();
  try {
    const out = { bundle: [], merkle: [] };
    for (const v of bundle.vectors) {
      const i = v.inputs;
      const got = await w.bundleWitness(i.data_ref, i.dim, i.rotation_seed, i.rerank_factor, i.generation.value);
      out.bundle.push({ name: v.name, got, want: v.witness_hex });
    }
    out.content = [];
    for (const c of content.cases) {
      const w2 = await w.contentWitness(c.ids.map(BigInt), c.rows.flat(), c.dim, { metric: c.metric,
        rotationKind: c.rotation_kind, rotationSeed: BigInt(c.rotation_seed), bits: c.bits, generation: c.generation });
      const hex = (u8) => Array.from(u8, (x) => x.toString(16).padStart(2, '0')).join('');
      out.content.push({ name: c.name, got: hex(w2.root), want: c.root_hex });
    }
    for (const c of merkle.inclusion) {
      const proof = (c.proof ?? []).map(b64);
      out.merkle.push({ path: c.path, wantErr: c.wantErr,
        outcome: await outcome(w.verifyInclusion(b64(c.leafHash), c.leafIdx, c.treeSize, proof, b64(c.root))) });
    }
    for (const c of merkle.consistency) {
      const proof = (c.proof ?? []).map(b64);
      out.merkle.push({ path: c.path, wantErr: c.wantErr,
        outcome: await outcome(w.verifyConsistency(c.size1, c.size2, proof, b64(c.root1), b64(c.root2))) });
    }
    const signer = witness.generateSignerKey('lake.example/log');
    const root = await w.merkleRoot([witness.leafHash('a'), witness.leafHash('b')]);
    const note = witness.signCheckpoint(signer, 'lake.example/log', 2, root);
    const cp = await w.verifyCheckpoint(note, [witness.verifierKey(signer)]);
    out.checkpoint = { origin: cp.origin, size: cp.size,
      rootMatches: cp.root.every((b, i) => b === witness.merkleRoot([witness.leafHash('a'), witness.leafHash('b')])[i]) };
    out.tampered = await outcome(w.verifyCheckpoint(note.replace('\n2\n', '\n3\n'), [witness.verifierKey(signer)]));
    out.userAgent = navigator.userAgent;
    return out;
  } finally {
    w.terminate();
  }
}

window.results = await run().catch((e) => ({ fatal: String(e?.stack ?? e) }));
document.getElementById('out').textContent = JSON.stringify(window.results, null, 1);
