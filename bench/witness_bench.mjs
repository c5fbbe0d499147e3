// Witness verification timings in wasm (Node, the packed-equivalent JS API of @ruvector/sdk), for
// bench/witness_bench.py: reads a JSON job on stdin (a proof set made natively), prints JSON.
//   {leaf, index, size, proof, root, size1, cproof, root1, note, keys, runs} (bytes as base64)
import { witness, init } from '../web/js/index.node.mjs';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const job = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const b = (s) => new Uint8Array(Buffer.from(s, 'base64'));
await init();

function best(fn, runs) {
  let bestUs = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    bestUs = Math.min(bestUs, ((performance.now() - t0) * 1000) / runs);
  }
  return bestUs;
}

const leaf = b(job.leaf); const root = b(job.root); const proof = job.proof.map(b);
const root1 = b(job.root1); const cproof = job.cproof.map(b);
const out = {
  inclusion_us: best(() => witness.verifyInclusion(leaf, job.index, job.size, proof, root), job.runs),
  consistency_us: best(() => witness.verifyConsistency(job.size1, job.size, cproof, root1, root), job.runs),
  checkpoint_us: best(() => witness.verifyCheckpoint(job.note, job.keys), Math.max(1, job.runs >> 3)),
  bundle_witness_us: best(() => witness.bundleWitness('gs://bucket/x.parquet', 128, 42, 20, 7), job.runs),
  node: process.version,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
