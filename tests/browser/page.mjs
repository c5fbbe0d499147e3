// The test page's script: (1) runs golden_worker.mjs in a module Worker, (2) drives one IndexWorker
// (the package's own worker API) from the page, with a FlatIndex and with a RabitqIndex, and a
// ShardedIndex over two workers. window.results resolves to plain data for Node.
import { IndexWorker, DimensionMismatch, PersistError, RuVectorError } from '../../web/js/worker.mjs';
import { parseGolden } from '../js/golden_runner.mjs';
import { crc32Trailer } from '../js/rabitq_runner.mjs';

function runGoldenWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./golden_worker.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
    worker.onerror = (event) => { worker.terminate(); reject(new Error(`golden worker: ${event.message || 'failed to load'}`)); };
  });
}

// One golden case through IndexWorker: build, search, an error crossing the thread boundary.
async function runIndexWorker(c) {
  const w = await IndexWorker.create();
  try {
    const vectors = Float32Array.from(c.vectors.flat());
    await w.build(vectors, c.dim, { metric: c.metric, ids: c.ids ?? undefined });
    const r = await w.search(c.queries.flat(), c.k);
    const size = await w.size();
    let error = null;
    try {
      await w.search(new Array(c.dim + 1).fill(1), 1); // never a multiple of dim (> 1)
    } catch (err) {
      error = { name: err.name, message: err.message, isClass: err instanceof DimensionMismatch,
        isBase: err instanceof RuVectorError };
    }
    const removed = await w.remove([c.ids ? c.ids[0] : 0]);
    return {
      callerArrayIntact: vectors.length === c.vectors.flat().length,
      outcome: { ids: [...r.ids].map(String), distances: [...r.distances], k: r.k, queries: r.queries },
      size, removed, sizeAfterRemove: await w.size(), error,
    };
  } finally {
    w.terminate();
  }
}

// A golden RabitqIndex case through IndexWorker (kind 'rabitq'), its bytes through load(), and the same
// data in a ShardedIndex of two workers searched with exact settings.
async function runRabitqWorker(golden, c) {
  const vectors = Float32Array.from(golden.vectors.flat());
  const queries = golden.queries.flat();
  const w = await IndexWorker.create();
  const copy = await IndexWorker.create();
  const sharded = await IndexWorker.createSharded({ shards: 2, kind: 'rabitq', nlist: 4, store: 'f32' });
  try {
    const stages = [];
    await w.build(vectors, golden.dim, {
      kind: 'rabitq', metric: c.metric, bits: c.bits, store: c.store, nlist: c.nlist || undefined, seed: golden.seed,
      progress: (stage) => stages.push(stage),
    });
    const bytes = await w.serialize();
    const r = await w.search(queries, golden.k);
    await copy.load(bytes);
    const again = await copy.search(queries, golden.k);
    let loadError = null;
    try {
      await copy.load(bytes.subarray(0, 64));
    } catch (err) {
      loadError = { name: err.name, isClass: err instanceof PersistError };
    }
    await sharded.build(vectors, golden.dim);
    const exact = { nprobe: 4, rerankFactor: 1e4 };
    const shardedHits = await sharded.search(queries, golden.k, exact);
    await w.build(vectors, golden.dim, { kind: 'rabitq', nlist: 4, store: 'f32' });
    const singleHits = await w.search(queries, golden.k, exact);
    return {
      crc32: crc32Trailer(bytes), ids: [...r.ids].map(String), sameAfterLoad: [...again.ids].join() === [...r.ids].join(),
      stages: [...new Set(stages)], loadError, callerArrayIntact: vectors.length === golden.vectors.length * golden.dim,
      shardedIds: [...shardedHits.ids].map(String), singleIds: [...singleHits.ids].map(String),
      shardedDistances: [...shardedHits.distances], singleDistances: [...singleHits.distances],
    };
  } finally {
    w.terminate();
    copy.terminate();
    sharded.terminate();
  }
}

window.results = (async () => {
  const golden = parseGolden(await (await fetch(new URL('../data/golden_flat.json', import.meta.url))).text());
  const rabitq = await (await fetch(new URL('../data/golden_rabitq.json', import.meta.url))).json();
  const goldenWorker = await runGoldenWorker();
  const indexWorker = await runIndexWorker(golden.flat.find((c) => c.ids) ?? golden.flat[0]);
  const rabitqWorker = await runRabitqWorker(rabitq, rabitq.cases.find((c) => c.nlist > 0) ?? rabitq.cases[0]);
  return { goldenWorker, indexWorker, rabitqWorker, userAgent: navigator.userAgent };
})();
window.results.then(
  (r) => { document.getElementById('out').textContent = JSON.stringify(r, null, 1).slice(0, 4000); },
  (e) => { document.getElementById('out').textContent = `failed: ${e}`; },
);
