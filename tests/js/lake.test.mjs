// ruLake through the installed @ruvector/sdk package: counters, consistency, federation equal to one
// exact search when the budget allows, 64-bit ids, the shared error classes, and ShardedIndex's merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as rv from '@ruvector/sdk';

await rv.init();

function sample(rows, dim, seed = 1) {
  let s = seed >>> 0; // xorshift32: deterministic
  return Float32Array.from({ length: rows * dim }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  });
}

// The same expectations as tests/pyodide/lake_check.py's check_defaults (CPython, Pyodide) and the
// C++ [lake_options] tests: the defaults are the core's, reported and used by a lake without options.
test('Lake.defaults() are the index defaults a lake without options reports and builds with', () => {
  const defaults = rv.Lake.defaults();
  const indexDefaults = rv.RabitqIndex.defaults();
  assert.equal(defaults.rotationSeed, BigInt(indexDefaults.seed));
  for (const key of ['rerankFactor', 'bits', 'metric', 'store']) assert.equal(defaults[key], indexDefaults[key], key);
  assert.equal(defaults.consistency, 'fresh');
  const plain = new rv.Lake();
  assert.deepEqual(plain.options, defaults);
  const given = { rerankFactor: 7, rotationSeed: 2n ** 64n - 15n, metric: 'ip', bits: 3, store: 'f16', maxEntries: 3,
    maxBytes: 1 << 20 };
  const chosen = new rv.Lake({ consistency: rv.eventual(250), ...given });
  assert.deepEqual(chosen.options, { ...defaults, consistency: 'eventual', ttlMs: 250, ...given });

  const dim = 8;
  const backend = new rv.LocalBackend('defaults');
  backend.putCollection('docs', sample(40, dim, 4), dim, Array.from({ length: 40 }, (_, i) => BigInt(i)));
  plain.register(backend);
  const index = rv.RabitqIndex.deserialize(plain.publishBytes('defaults', 'docs').index);
  assert.deepEqual({ rotationSeed: index.seed, rerankFactor: index.rerankFactor, bits: index.bits,
    metric: index.metric, store: index.store }, { rotationSeed: defaults.rotationSeed,
    rerankFactor: defaults.rerankFactor, bits: defaults.bits, metric: defaults.metric, store: defaults.store });
  for (const handle of [index, plain, chosen, backend]) handle.dispose();
});

test('first search primes, the next hits, a write re-primes', () => {
  const dim = 8;
  const vectors = sample(40, dim, 3);
  const backend = new rv.LocalBackend('mem');
  backend.putCollection('docs', vectors, dim, Array.from({ length: 40 }, (_, i) => BigInt(i)));
  const lake = new rv.Lake();
  lake.register(backend);
  const q = vectors.slice(5 * dim, 6 * dim);
  assert.equal(lake.search('mem', 'docs', q, 1).ids[0], 5n);
  lake.search('mem', 'docs', q, 1);
  let s = lake.stats();
  assert.equal(s.primes, 1);
  assert.equal(s.hits, 1);
  backend.append('docs', q, [2n ** 64n - 1n]);
  const r = lake.search('mem', 'docs', q, 2);
  assert.deepEqual([...r.ids].sort(), [5n, 2n ** 64n - 1n].sort());
  s = lake.stats();
  assert.equal(s.primes, 2);
  assert.equal(s.invalidations, 1);
  assert.match(lake.witnessOf('mem', 'docs'), /^[0-9a-f]{64}$/);
  lake.dispose();
  backend.dispose();
});

test('frozen never re-checks; refresh does', async () => {
  const dim = 4;
  const backend = new rv.LocalBackend('audit');
  backend.putCollection('snap', sample(10, dim, 4), dim, Array.from({ length: 10 }, (_, i) => i));
  const lake = new rv.Lake({ consistency: 'frozen' });
  lake.register(backend);
  const q = new Float32Array(dim).fill(9);
  await lake.primeAsync('audit', 'snap');
  backend.append('snap', q, [99]);
  assert.notEqual(lake.search('audit', 'snap', q, 1).ids[0], 99n);
  assert.equal(await lake.refreshAsync('audit', 'snap'), true);
  assert.equal((await lake.searchAsync('audit', 'snap', q, 1)).ids[0], 99n);
  assert.equal(lake.stats().primes, 2);
  assert.throws(() => new rv.Lake({ consistency: 'sometimes' }), (e) => e instanceof rv.InvalidInput && /'sometimes'/.test(e.message));
  assert.throws(() => lake.search('nope', 'snap', q, 1), (e) => e instanceof rv.InvalidInput && /'nope'/.test(e.message));
  assert.throws(() => lake.search('audit', 'snap', new Float32Array(3), 1), rv.DimensionMismatch);
  // Two rows of 2 are 4 floats, one row of the collection's dim: with their width they are refused.
  const halfRows = new Float32Array([1, 2, 3, 4]);
  assert.equal(lake.search('audit', 'snap', halfRows, 1).queries, 1);
  assert.throws(() => lake.search('audit', 'snap', halfRows, 1, { width: 2 }),
    (e) => e instanceof rv.DimensionMismatch && /expected dim 4, got 2/.test(e.message));
  assert.throws(() => lake.searchFederated([['audit', 'snap']], halfRows, 1, { width: 2 }), rv.DimensionMismatch);
  assert.equal(lake.search('audit', 'snap', halfRows, 1, { width: dim }).queries, 1);
});

test('federation over a 1/2/4-way split returns the exact ids', () => {
  const n = 600;
  const dim = 8;
  const k = 10;
  const vectors = sample(n, dim, 5);
  const queries = sample(6, dim, 6);
  const exact = rv.FlatIndex.build(vectors, dim);
  const truth = exact.search(queries, k);
  for (const ways of [1, 2, 4]) {
    const backend = new rv.LocalBackend('mem');
    const targets = [];
    for (let s = 0; s < ways; s++) {
      const rows = [];
      for (let r = s; r < n; r += ways) rows.push(r);
      const part = new Float32Array(rows.length * dim);
      rows.forEach((r, j) => part.set(vectors.subarray(r * dim, (r + 1) * dim), j * dim));
      backend.putCollection(`p${s}`, part, dim, rows.map(BigInt));
      targets.push(['mem', `p${s}`]);
    }
    const lake = new rv.Lake({ rerankFactor: n });
    lake.register(backend);
    const got = lake.searchFederated(targets, queries, k);
    assert.deepEqual([...got.ids], [...truth.ids], `ways=${ways}`);
    assert.deepEqual([...got.shards], [...got.ids].map((id) => Number(id % BigInt(ways))));
  }
});

test('federated searches take per-search nprobe / rerankFactor; LocalBackend.pull returns the rows', async () => {
  const n = 200;
  const dim = 8;
  const k = 5;
  const vectors = sample(n, dim, 9);
  const queries = sample(4, dim, 10);
  const ids = Array.from({ length: n }, (_, i) => 2n ** 64n - 1n - 3n * BigInt(i));
  const backend = new rv.LocalBackend('parts');
  for (const [name, first] of [['even', 0], ['odd', 1]]) {
    const rows = Array.from({ length: n / 2 }, (_, j) => first + 2 * j);
    const part = new Float32Array(rows.length * dim);
    rows.forEach((r, j) => part.set(vectors.subarray(r * dim, (r + 1) * dim), j * dim));
    backend.putCollection(name, part, dim, rows.map((r) => ids[r]));
  }
  const pulled = backend.pull('odd');
  assert.deepEqual([...pulled.ids], Array.from({ length: n / 2 }, (_, j) => ids[1 + 2 * j]));
  assert.deepEqual([...pulled.vectors.subarray(0, dim)], [...vectors.subarray(dim, 2 * dim)]);
  assert.equal(pulled.dim, dim);
  assert.equal(pulled.generation, backend.generation('odd'));
  // The lake reranks only the estimator's top k (rerankFactor 1); a search's own budget reranks all.
  const lake = new rv.Lake({ rerankFactor: 1 });
  lake.register(backend);
  const truth = rv.FlatIndex.build(vectors, dim).search(queries, k);
  const targets = [['parts', 'even'], ['parts', 'odd']];
  const exact = lake.searchFederated(targets, queries, k, { nprobe: 64, rerankFactor: n });
  assert.deepEqual([...exact.ids], [...truth.ids].map((row) => ids[Number(row)]));
  const viaAsync = await lake.searchFederatedAsync(targets, queries, k, { nprobe: 64, rerankFactor: n });
  assert.deepEqual([...viaAsync.ids], [...exact.ids]);
  assert.throws(() => lake.searchFederated(targets, queries, k, { rerankFactor: 0.5 }),
    (err) => err instanceof rv.InvalidInput && /rerank_factor/.test(err.message));
});

test('ShardedIndex merges through the core: same hits as one index', async () => {
  const { ShardedIndex, IndexWorker } = await import('@ruvector/sdk/worker');
  const dim = 8;
  const vectors = sample(300, dim, 7);
  const queries = sample(4, dim, 8);
  const sharded = await ShardedIndex.create({ shards: 3 });
  const single = await IndexWorker.create();
  try {
    await sharded.build(vectors, dim);
    await single.build(vectors, dim);
    const a = await sharded.search(queries, 7);
    const b = await single.search(queries, 7);
    assert.deepEqual([...a.ids], [...b.ids]);
    assert.equal(a.k, 7);
  } finally {
    sharded.terminate();
    single.terminate();
  }
});
