// The test page's script: (1) runs golden_worker.mjs in a module Worker, (2) drives one IndexWorker
// (the package's own worker API) from the page. window.results resolves to plain data for Node.
import { IndexWorker, DimensionMismatch, RuVectorError } from '../../web/js/worker.mjs';
import { parseGolden } from '../js/golden_runner.mjs';

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

window.results = (async () => {
  const golden = parseGolden(await (await fetch(new URL('../data/golden_flat.json', import.meta.url))).text());
  const goldenWorker = await runGoldenWorker();
  const indexWorker = await runIndexWorker(golden.flat.find((c) => c.ids) ?? golden.flat[0]);
  return { goldenWorker, indexWorker, userAgent: navigator.userAgent };
})();
window.results.then(
  (r) => { document.getElementById('out').textContent = JSON.stringify(r, null, 1).slice(0, 4000); },
  (e) => { document.getElementById('out').textContent = `failed: ${e}`; },
);
