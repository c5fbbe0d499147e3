// IndexWorker with a RabitqIndex, and ShardedIndex (several workers behind one index), under Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  DimensionMismatch, EmptyIndex, IndexWorker, InvalidInput, PersistError, RuVectorError, ShardedIndex,
} from '@ruvector/sdk/worker';
import * as rv from '@ruvector/sdk';
import { crc32Trailer } from './rabitq_runner.mjs';

const golden = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/golden_rabitq.json`
  : new URL('../data/golden_rabitq.json', import.meta.url), 'utf8'));
await rv.init();

const DIM = golden.dim;
const VECTORS = Float32Array.from(golden.vectors.flat());
const QUERIES = Float32Array.from(golden.queries.flat());
const plain = (r) => ({ ids: [...r.ids], distances: [...r.distances], k: r.k, queries: r.queries });

test('IndexWorker kind rabitq: golden bytes and results, progress, serialize/load, errors', async () => {
  const c = golden.cases.find((x) => x.name === 'ivf_two_level_cosine_f16');
  const w = await IndexWorker.create();
  try {
    const seen = [];
    await w.build(VECTORS, DIM, {
      kind: 'rabitq', metric: c.metric, bits: c.bits, store: c.store, nlist: c.nlist, seed: golden.seed,
      progress: (stage) => seen.push(stage),
    });
    assert.ok(seen.includes('train') && seen.at(-1) === 'encode', seen.join());
    const info = await w.info();
    assert.deepEqual({ ...info, memoryBytes: 0, codeBytesPerVector: 0 }, {
      kind: 'rabitq', size: 3000, dim: DIM, metric: 'cosine', memoryBytes: 0, bits: 1, store: 'f16', nlist: c.nlist_built,
      nprobe: info.nprobe, rerankFactor: 20, seed: 42n, rotation: 'haar', codeBytesPerVector: 0,
    });
    const bytes = await w.serialize();
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(crc32Trailer(bytes), c.crc32);
    const r = await w.search(QUERIES, golden.k);
    assert.deepEqual([...r.ids].map(Number), c.expected_ids.flat());

    // load(bytes): the same index in another worker; the caller's bytes stay usable.
    const other = await IndexWorker.create();
    try {
      await other.load(bytes);
      assert.equal(bytes.length > 0, true, 'the caller\'s bytes are not detached');
      assert.deepEqual(plain(await other.search(QUERIES, golden.k)), plain(r));
      await assert.rejects(other.load(bytes.subarray(0, 100)), PersistError);
      assert.equal(await other.size(), 3000, 'a failed load keeps the old index');
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      await other.load(buffer);
      assert.equal(buffer.byteLength, bytes.byteLength, 'an ArrayBuffer given to load() is not detached');
    } finally {
      other.terminate();
    }

    // search options reach the index; errors keep their class across the thread boundary.
    const exact = await w.search(QUERIES, 5, { nprobe: c.nlist_built, rerankFactor: 1000 });
    assert.equal(exact.k, 5);
    await assert.rejects(w.search(QUERIES, 5, { nprobe: -1 }), (e) => e instanceof InvalidInput && /nprobe must be in \[1, 16777216\]/.test(e.message));
    await assert.rejects(w.search([1, 2, 3], 1), DimensionMismatch);
    await assert.rejects(w.build(VECTORS, DIM, { kind: 'rabitq', bits: 12 }), (e) => e instanceof InvalidInput && /bits must be/.test(e.message));
    await assert.rejects(w.build(VECTORS, DIM, { kind: 'hnsw' }), (e) => e instanceof InvalidInput && /unknown index kind 'hnsw'/.test(e.message));
    await assert.rejects(w.build(VECTORS, DIM, { kind: 'rabitq', progress: 5 }), InvalidInput);

    // A progress callback that throws: the call rejects with that error, the old index stays.
    const boom = new Error('cancelled by the user');
    await assert.rejects(w.build(VECTORS.subarray(0, 200 * DIM), DIM, { kind: 'rabitq', progress: () => { throw boom; } }),
      (e) => e === boom);
    assert.equal(await w.size(), 3000);
    assert.equal((await w.info()).nlist, c.nlist_built);

    // A FlatIndex has no file format.
    await w.build([0, 1, 1, 0], 2);
    assert.equal((await w.info()).kind, 'flat');
    await assert.rejects(w.serialize(), (e) => e instanceof RuVectorError && /needs a RabitqIndex/.test(e.message));
  } finally {
    w.terminate();
  }
});

// Exact settings (stored f32 vectors, every list probed, everything reranked): a sharded search must
// equal one index's search and the exact FlatIndex's.
async function compareSharded(shards, kind, options) {
  const single = kind === 'rabitq' ? rv.RabitqIndex.build(VECTORS, DIM, options) : rv.FlatIndex.build(VECTORS, DIM, options);
  const flat = rv.FlatIndex.build(VECTORS, DIM, { metric: options.metric });
  const sharded = await IndexWorker.createSharded({ shards, kind, ...options });
  try {
    await sharded.build(VECTORS, DIM);
    const search = { nprobe: options.nlist, rerankFactor: 1e4 };
    for (const k of [1, 10, 57]) {
      const want = plain(kind === 'rabitq' ? single.search(QUERIES, k, search) : single.search(QUERIES, k));
      assert.deepEqual(plain(await sharded.search(QUERIES, k, search)), want, `${shards} shards, k ${k}`);
      assert.deepEqual(plain(flat.search(QUERIES, k)).ids, want.ids);
    }
    return sharded;
  } catch (e) {
    sharded.terminate();
    throw e;
  } finally {
    single.dispose();
    flat.dispose();
  }
}

test('ShardedIndex: search over 3 rabitq shards equals one index (exact settings)', async () => {
  const sharded = await compareSharded(3, 'rabitq', { metric: 'l2', store: 'f32', nlist: 4, seed: 5 });
  try {
    assert.equal(sharded.shards, 3);
    assert.equal(await sharded.size(), 3000);
    // Rows went where the core's ShardMap sends their ids (0..2999 by default): every shard got some.
    const counts = [0, 0, 0];
    for (const s of sharded.shardMap.assign(Array.from({ length: 3000 }, (_, i) => i))) counts[s]++;
    assert.ok(counts.every((c) => c > 900), counts.join());
    assert.deepEqual((await sharded.info()).map((i) => [i.kind, i.size]), counts.map((c) => ['rabitq', c]));
    // k larger than the whole collection: every row, merged in (distance, id) order.
    const all = await sharded.search(QUERIES.subarray(0, DIM), 5000, { nprobe: 4, rerankFactor: 1e4 });
    assert.equal(all.k, 3000);
    for (let j = 1; j < all.k; j++) {
      assert.ok(all.distances[j - 1] < all.distances[j] || (all.distances[j - 1] === all.distances[j] && all.ids[j - 1] < all.ids[j]));
    }
  } finally {
    sharded.terminate();
  }
});

test('ShardedIndex: cosine over 2 shards and a FlatIndex kind', async () => {
  (await compareSharded(2, 'rabitq', { metric: 'cosine', store: 'f32', nlist: 2 })).terminate();
  (await compareSharded(4, 'flat', { metric: 'ip' })).terminate();
});

test('ShardedIndex: shardBy range splits each build at its ids\' quantiles, as Python\'s ShardMap', async () => {
  const ids = Array.from({ length: 3000 }, (_, i) => BigInt(5000 + 7 * i));
  const sharded = await ShardedIndex.create({ shards: 4, shardBy: 'range', kind: 'flat' });
  try {
    await sharded.build(VECTORS, DIM, { ids });
    const map = sharded.shardMap;
    assert.equal(map.rule, 'range');
    assert.deepEqual([...map.bounds], [750, 1500, 2250].map((r) => ids[r]));
    assert.deepEqual((await sharded.info()).map((i) => i.size), [750, 750, 750, 750]);
    const flat = rv.FlatIndex.build(VECTORS, DIM, { ids });
    assert.deepEqual(plain(await sharded.search(QUERIES, 10)), plain(flat.search(QUERIES, 10)));
    flat.dispose();
  } finally {
    sharded.terminate();
  }
});

test('ShardedIndex: ids, add (all or nothing), remove, empty shards, errors', async () => {
  const sharded = await ShardedIndex.create({ shards: 3, kind: 'rabitq', nlist: 1, rerankFactor: 1000 });
  try {
    await assert.rejects(sharded.search(QUERIES, 1), (e) => e instanceof RuVectorError && /build\(\) first/.test(e.message));
    // Explicit ids that all live on shard 0, so shards 1 and 2 stay empty until an add gives them rows.
    const map = sharded.shardMap;
    assert.equal(map.rule, 'hash');
    const candidates = Array.from({ length: 400 }, (_, i) => BigInt(i));
    const homes = map.assign(candidates);
    const ids = candidates.filter((_, i) => homes[i] === 0).slice(0, 50);
    await sharded.build(VECTORS.subarray(0, 50 * DIM), DIM, { ids });
    assert.deepEqual((await sharded.info()).map((i) => i?.size ?? null), [50, null, null]);
    assert.equal((await sharded.search(VECTORS.subarray(0, DIM), 1)).ids[0], ids[0]);
    // Auto ids continue after the largest; each goes to its home shard (a shard's first rows build it).
    const next = [1n, 2n, 3n].map((i) => ids.at(-1) + i);
    const added = [0, 0, 0];
    for (const s of map.assign(next)) added[s]++;
    await sharded.add(VECTORS.subarray(100 * DIM, 103 * DIM));
    assert.deepEqual((await sharded.info()).map((i) => i?.size ?? null),
      added.map((c, s) => (s === 0 ? 50 + c : c || null)));
    assert.deepEqual([...(await sharded.search(VECTORS.subarray(100 * DIM, 103 * DIM), 1)).ids], next);
    // A duplicate id anywhere refuses the whole add: rows already added to other shards are taken back.
    await assert.rejects(sharded.add(VECTORS.subarray(200 * DIM, 203 * DIM), [1000n, 1001n, ids[1]]),
      (e) => e instanceof InvalidInput && e.message === `duplicate id ${ids[1]}`);
    assert.equal(await sharded.size(), 53);
    await assert.rejects(sharded.add(VECTORS.subarray(200 * DIM, 202 * DIM), [7n, 7n]), (e) => e.message === 'duplicate id 7');
    assert.equal(await sharded.size(), 53);
    // Automatic ids never wrap past 2^64 - 1 (a BigUint64Array would store 2^64 as 0): the core's
    // message, nothing added.
    await sharded.add(VECTORS.subarray(300 * DIM, 301 * DIM), [(1n << 64n) - 2n]);
    await assert.rejects(sharded.add(VECTORS.subarray(301 * DIM, 303 * DIM)), (e) => e instanceof InvalidInput
      && e.message === 'automatic ids for 2 rows would pass 18446744073709551615 (the next is 18446744073709551615): pass ids explicitly');
    assert.equal(await sharded.size(), 54);
    assert.equal(await sharded.remove([(1n << 64n) - 2n]), 1);
    // Validation with the core's messages, rows numbered as the caller passed them.
    const bad = VECTORS.slice(0, 3 * DIM);
    bad[2 * DIM + 4] = Number.NaN;
    await assert.rejects(sharded.add(bad), (e) => e instanceof InvalidInput && e.message === 'vectors contains NaN at row 2, column 4');
    await assert.rejects(sharded.add([1, 2, 3]), (e) => e instanceof DimensionMismatch && /expected dim 20/.test(e.message));
    await assert.rejects(sharded.add(VECTORS.subarray(0, DIM), [1, 2]), (e) => e.message === 'got 2 ids for 1 vectors');
    await assert.rejects(sharded.search(QUERIES, 0), (e) => e instanceof InvalidInput && e.message === 'k must be >= 1, got 0');
    await assert.rejects(sharded.search([1, 2], 1), DimensionMismatch);
    await assert.rejects(sharded.build(VECTORS, 0), (e) => e instanceof InvalidInput && e.message === 'dim must be >= 1, got 0');
    // remove goes to the home shards; a shard emptied by remove is skipped by search.
    assert.equal(await sharded.remove([next[1], next[2], 999n]), 2);
    assert.equal((await sharded.search(VECTORS.subarray(0, DIM), 100)).k, 51);
    assert.equal(await sharded.remove([...ids, next[0]]), 51);
    await assert.rejects(sharded.search(QUERIES, 1), (e) => e instanceof EmptyIndex && e.message === 'search on an empty index: add vectors first');
    // A failed build (bad option in every shard) keeps the previous state everywhere.
    await assert.rejects(sharded.build(VECTORS, DIM, { bits: 0 }), InvalidInput);
    assert.equal(await sharded.size(), 0);
    await assert.rejects(ShardedIndex.create({ shards: 0 }), (e) => e instanceof InvalidInput && e.message === 'shards must be in [1, 65536], got 0');
    await assert.rejects(ShardedIndex.create({ shardBy: 'mod' }), (e) => e instanceof InvalidInput && e.message === "shard_by must be 'hash' or 'range', got 'mod'");
    await assert.rejects(ShardedIndex.create({ kind: 'annoy' }), InvalidInput);
  } finally {
    sharded.terminate();
  }
  await assert.rejects(sharded.size(), (e) => e instanceof RuVectorError && /terminated/.test(e.message));
});

// Issue 13: ShardedIndex checks rows on the calling thread (before they are split over workers)
// with the core's own check, so a bad input gets the error the direct path gives, word for word.
test('ShardedIndex refuses bad rows with the same error class and message as the direct path', async () => {
  const outcome = async (call) => {
    try {
      const made = await call();
      made?.dispose?.();
      return 'accepted';
    } catch (e) {
      return `${e.constructor.name}: ${e.message}`;
    }
  };
  const nan = VECTORS.slice(0, 3 * DIM);
  nan[2 * DIM + 4] = Number.NaN;
  const inf = VECTORS.slice(0, 2 * DIM);
  inf[DIM + 1] = -Infinity;
  const builds = [[nan, DIM], [inf, DIM], [[1, 2, 3], DIM], [[], DIM], [VECTORS, 0], [VECTORS, -2], [VECTORS, 2.5],
    [VECTORS, 2 ** 32], [VECTORS, 2 ** 53], [VECTORS, Number.NaN]];
  const sharded = await ShardedIndex.create({ shards: 2, kind: 'rabitq' });
  try {
    for (const [vectors, dim] of builds) {
      const direct = await outcome(() => rv.RabitqIndex.build(vectors, dim));
      assert.notEqual(direct, 'accepted', `dim ${dim}`);
      assert.equal(await outcome(() => sharded.build(vectors, dim)), direct, `dim ${dim}`);
    }
    await sharded.build(VECTORS.subarray(0, 40 * DIM), DIM);
    const index = rv.RabitqIndex.build(VECTORS.subarray(0, 40 * DIM), DIM);
    try {
      for (const vectors of [nan, inf, [1, 2, 3], []]) {
        const direct = await outcome(() => index.add(vectors));
        assert.notEqual(direct, 'accepted');
        assert.equal(await outcome(() => sharded.add(vectors)), direct);
      }
    } finally {
      index.dispose();
    }
  } finally {
    sharded.terminate();
  }
});

test('ShardedIndex: progress reports every shard', async () => {
  const sharded = await IndexWorker.createSharded({ shards: 2, kind: 'rabitq' });
  try {
    const shardsSeen = new Set();
    await sharded.build(VECTORS, DIM, { nlist: 4, progress: (stage, fraction, shard) => shardsSeen.add(shard) });
    assert.deepEqual([...shardsSeen].sort(), [0, 1]);
    const boom = new Error('no');
    await assert.rejects(sharded.build(VECTORS, DIM, { progress: () => { throw boom; } }), (e) => e === boom);
    assert.deepEqual((await sharded.info()).map((i) => i.nlist), [4, 4], 'the failed build left the old shards in place');
  } finally {
    sharded.terminate();
  }
});
