// The bundler test app: what a user writes. Imports the package by name, as Vite and webpack 5 resolve
// it (the "default" export condition), runs every golden flat case in the page (FlatIndex, distances)
// and in an IndexWorker, starts every other worker class, and leaves plain outcomes in
// window.result for bundlers.test.mjs to check against tests/data/golden_flat.json.
import * as rv from '@ruvector/sdk';
import { EmbedWorker, IndexWorker, LakeWorker, WitnessWorker } from '@ruvector/sdk/worker';

import { parseGolden, runFlatCase } from './golden_runner.mjs';

const rows = (matrix) => matrix.flat();

async function searchInWorker(worker, c) {
  await worker.build(rows(c.vectors), c.dim, { kind: 'flat', metric: c.metric, ids: c.ids ?? undefined });
  const r = await worker.search(rows(c.queries), c.k);
  return { name: c.name, matrix: [], k: r.k, queries: r.queries, ids: [...r.ids].map(String), distances: [...r.distances] };
}

async function run() {
  const golden = parseGolden(await (await fetch(new URL('golden_flat.json', document.baseURI))).text());
  await rv.init();
  const page = golden.flat.map((c) => runFlatCase(rv, c));
  const worker = await IndexWorker.create();
  const inWorker = [];
  try {
    for (const c of golden.flat) inWorker.push(await searchInWorker(worker, c));
  } finally {
    worker.terminate();
  }
  // Each worker class loads the wasm module in its own bundled host before create() resolves.
  const started = [];
  for (const [name, start] of [['WitnessWorker', () => WitnessWorker.create()], ['LakeWorker', () => LakeWorker.create()]]) {
    (await start()).terminate();
    started.push(name);
  }
  // EmbedWorker also loads a model: an empty file set is refused by the core inside the started host
  // (EmbedError), where a host that failed to load would give "the worker failed".
  const embed = await EmbedWorker.create({ model: {} }).then(
    (w) => { w.terminate(); return { name: 'resolved' }; },
    (err) => ({ name: err?.name, message: err?.message, isEmbedError: err instanceof rv.EmbedError }));
  return { version: rv.version(), page, worker: inWorker, started, embed };
}

window.result = run().catch((err) => ({ error: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` }));
