// RabitqIndex through the installed @ruvector/sdk package: the cross-target golden index bytes and
// results, bad input with the shared error classes and messages, persistence, lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as rv from '@ruvector/sdk';
import { checkRabitqCase, crc32Trailer, runRabitqCase } from './rabitq_runner.mjs';

// tests/js/run.sh runs a copy of this file in a scratch project and says where the repo is.
const golden = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/golden_rabitq.json`
  : new URL('../data/golden_rabitq.json', import.meta.url), 'utf8'));
await rv.init();

const DIM = golden.dim;
const VECTORS = Float32Array.from(golden.vectors.flat());
const QUERIES = Float32Array.from(golden.queries.flat());

function sample(rows, dim, seed = 1) {
  let s = seed >>> 0; // xorshift32: deterministic, no Math.random
  return Float32Array.from({ length: rows * dim }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  });
}

function withIndex(vectors, dim, options, body) {
  const index = rv.RabitqIndex.build(vectors, dim, options);
  try {
    return body(index);
  } finally {
    index.dispose();
  }
}

const is = (cls, pattern) => (err) => err instanceof cls && err instanceof rv.RuVectorError && err.name === cls.name
  && (pattern === undefined || (typeof pattern === 'string' ? err.message === pattern : pattern.test(err.message)));

for (const c of golden.cases) {
  test(`golden ${c.name}: same seed, same index bytes (CRC-32) and results as native`, () => {
    assert.deepEqual(checkRabitqCase(golden, c, runRabitqCase(rv, golden, c)), []);
  });
}

test('properties, defaults and the seed as a bigint', () => {
  withIndex(VECTORS, DIM, {}, (index) => {
    assert.deepEqual(
      [index.size, index.dim, index.metric, index.bits, index.store, index.nlist, index.nprobe, index.rerankFactor,
        index.seed, index.rotation],
      [3000, 20, 'l2', 1, 'f32', 1, 1, 20, 42n, 'haar']);
    assert.ok(index.memoryBytes > 3000 * 20 * 4, String(index.memoryBytes));
    assert.ok(index.codeBytesPerVector > 0);
    // No mapping in wasm: the core reports none, built or deserialized (the heap holds it all).
    assert.equal(index.mappedBytes, 0);
    const copy = rv.RabitqIndex.deserialize(index.serialize());
    assert.equal(copy.mappedBytes, 0);
    assert.ok(copy.memoryBytes > 3000 * 20 * 4);
    copy.dispose();
  });
  withIndex(VECTORS, DIM, { nlist: 16, nprobe: 3, rerankFactor: 5, seed: (1n << 64n) - 1n, rotation: 'hadamard', bits: 3 },
    (index) => {
      assert.deepEqual([index.nlist, index.nprobe, index.rerankFactor, index.seed, index.rotation, index.bits],
        [16, 3, 5, 18446744073709551615n, 'hadamard', 3]);
    });
});

test('defaults come from the core (RabitqIndex.defaults()), one copy per call', () => {
  const d = rv.RabitqIndex.defaults();
  withIndex(VECTORS, DIM, {}, (index) => {
    assert.deepEqual([index.metric, index.bits, index.rerankFactor, index.seed, index.store],
      [d.metric, d.bits, d.rerankFactor, BigInt(d.seed), d.store]);
  });
  assert.deepEqual(d.metrics, ['l2', 'ip', 'cosine']);
  assert.deepEqual(d.stores, ['f32', 'f16', 'none']);
  assert.deepEqual(d.rotations, ['auto', 'haar', 'hadamard']);
  assert.deepEqual(d.bitsRange, [1, 8]);
  assert.deepEqual(d.rerankFactorRange, [1, 1e6]);
  d.bits = 99;
  assert.equal(rv.RabitqIndex.defaults().bits, 1);
});

test('the same seed gives the same bytes; another seed other bytes', () => {
  const bytesOf = (seed) => withIndex(VECTORS, DIM, { nlist: 8, seed }, (i) => i.serialize());
  const a = bytesOf(7);
  assert.deepEqual(bytesOf(7n), a);
  assert.notEqual(crc32Trailer(bytesOf(8)), crc32Trailer(a));
});

test('search: options, k larger than the index, one query or many, ties by id', () => {
  withIndex(VECTORS, DIM, { nlist: 8, nprobe: 1 }, (index) => {
    const r = index.search(QUERIES, 10, { nprobe: 8, rerankFactor: 400 });
    assert.ok(r.ids instanceof BigUint64Array && r.distances instanceof Float32Array);
    assert.deepEqual([r.k, r.queries, r.ids.length], [10, 10, 100]);
    // nprobe = nlist with a large rerank factor is exact: the FlatIndex's answer.
    const flat = rv.FlatIndex.build(VECTORS, DIM);
    try {
      const exact = flat.search(QUERIES, 10);
      assert.deepEqual([...r.ids], [...exact.ids]);
      assert.deepEqual([...r.distances], [...exact.distances]);
    } finally {
      flat.dispose();
    }
    const one = index.search(Array.from(QUERIES.subarray(0, DIM)), 3, { nprobe: 8 });
    assert.deepEqual([one.k, one.queries], [3, 1]);
  });
  withIndex([1, 0, 0, 1, 1, 0], 2, { ids: [9, 4, 7] }, (index) => {
    const r = index.search([1, 0], 50);
    assert.equal(r.k, 3, 'k > size gives size columns');
    assert.deepEqual([...r.ids], [7n, 9n, 4n], 'equal distances are ordered by ascending id');
  });
});

test('add, remove and auto ids continue after the largest id', () => {
  withIndex(sample(40, 4), 4, { ids: Array.from({ length: 40 }, (_, i) => i * 2) }, (index) => {
    index.add(sample(2, 4, 9));
    assert.equal(index.size, 42);
    assert.deepEqual([...index.search(sample(2, 4, 9), 1).ids], [79n, 80n]);
    index.add(sample(1, 4, 10), [2n ** 60n]);
    assert.deepEqual([...index.search(sample(1, 4, 10), 1).ids], [2n ** 60n]);
    assert.equal(index.remove([0, 2, 12345, 2n ** 60n]), 3);
    assert.equal(index.remove([0]), 0);
    assert.equal(index.size, 40);
  });
});

test('automatic ids never wrap to an id in use; the index stays serializable', () => {
  withIndex(sample(10, 4), 4, {}, (index) => { // ids 0..9
    index.add(sample(1, 4, 2), [2n ** 64n - 2n]);
    assert.throws(() => index.add(sample(2, 4, 3)), is(rv.InvalidInput,
      'automatic ids for 2 rows would pass 18446744073709551615 (the next is 18446744073709551615): pass ids explicitly'));
    assert.equal(index.size, 11);
    index.add(sample(1, 4, 4));
    assert.throws(() => index.add(sample(1, 4, 5)), is(rv.InvalidInput,
      'automatic id 18446744073709551615 is already in use: pass ids explicitly'));
    const again = rv.RabitqIndex.deserialize(index.serialize());
    assert.equal(again.size, 12);
    again.dispose();
  });
});

test('bad input: NaN/Inf, dimension mismatch, k, ids, options, with the shared messages', () => {
  const bad = Float32Array.from(VECTORS.subarray(0, 40));
  bad[21] = Number.NaN;
  assert.throws(() => rv.RabitqIndex.build(bad, DIM), is(rv.InvalidInput, 'vectors contains NaN at row 1, column 1'));
  assert.throws(() => rv.RabitqIndex.build([1, 2, 3], 2), is(rv.DimensionMismatch, /expected dim 2, got vectors of 3 values/));
  assert.throws(() => rv.RabitqIndex.build([], 2), is(rv.InvalidInput, 'vectors is empty (0 rows)'));
  assert.throws(() => rv.RabitqIndex.build([1, 2], 0), is(rv.InvalidInput, 'dim must be >= 1, got 0'));
  assert.throws(() => rv.RabitqIndex.build([1, 2], 2.5), is(rv.InvalidInput, 'dim must be an integer, got 2.5'));
  assert.throws(() => rv.RabitqIndex.build([1, 2, 3, 4], 2, { ids: [1, 1] }), is(rv.InvalidInput, 'duplicate id 1'));
  assert.throws(() => rv.RabitqIndex.build([1, 2, 3, 4], 2, { ids: [1] }), is(rv.InvalidInput, 'got 1 ids for 2 vectors'));
  assert.throws(() => rv.RabitqIndex.build([1, 2], 2, { ids: [-1] }), is(rv.InvalidInput, /ids\[0\] must be a non-negative integer/));
  assert.throws(() => rv.RabitqIndex.build('1,2', 2), is(rv.InvalidInput, /vectors must be a Float32Array/));
  const options = [
    [{ bits: 9 }, 'bits must be 1 (RaBitQ) or 2..8 (extended), got 9'],
    [{ bits: -1000 }, 'bits must be 1 (RaBitQ) or 2..8 (extended), got -1000'],
    [{ bits: 1.5 }, 'bits must be an integer, got 1.5'],
    [{ metric: 'manhattan' }, /unknown metric 'manhattan'/],
    [{ store: 'f64' }, "unknown store 'f64': expected 'f32', 'f16' or 'none'"],
    [{ rotation: 'random' }, "unknown rotation 'random': expected 'auto', 'haar' or 'hadamard'"],
    [{ rerankFactor: 0.5 }, 'rerank_factor must be in [1, 1000000] (or 0 for the index default), got 0.5'],
    [{ rerankFactor: Number.NaN }, 'rerank_factor must be in [1, 1000000] (or 0 for the index default), got nan'],
    [{ rerankFactor: 1e19 }, 'rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19'],
    [{ nlist: 5000 }, 'nlist 5000 is larger than the number of vectors 3000'],
    [{ nlist: -1 }, 'nlist must be in [1, 16777216] (or 0 for automatic), got -1'],
    [{ nprobe: Infinity }, 'nprobe must be an integer, got inf'],
    [{ seed: -1 }, /seed must be an integer between 0 and 2\^64 - 1/],
    [{ seed: 2 ** 60 }, /a bigint above 2\^53/],
    [{ seed: 1n << 64n }, /seed must be an integer between 0 and 2\^64 - 1/],
    [{ progress: 'yes' }, 'progress must be a function (stage, fraction), got string'],
  ];
  for (const [opts, message] of options) {
    assert.throws(() => rv.RabitqIndex.build(VECTORS, DIM, opts), is(rv.InvalidInput, message), String(message));
  }

  withIndex(VECTORS, DIM, { nlist: 8 }, (index) => {
    assert.throws(() => index.search([1, 2, 3], 1), is(rv.DimensionMismatch, /expected dim 20, got queries of 3 values/));
    assert.throws(() => index.search(QUERIES, 0), is(rv.InvalidInput, 'k must be >= 1, got 0'));
    assert.throws(() => index.search(QUERIES, -3), is(rv.InvalidInput, 'k must be >= 1, got -3'));
    for (const k of [2.5, Number.NaN, 1e30]) assert.throws(() => index.search(QUERIES, k), is(rv.InvalidInput, /k must be an integer/));
    assert.throws(() => index.search(QUERIES, 5, { nprobe: -2 }),
      is(rv.InvalidInput, 'nprobe must be in [1, 16777216] (or 0 for the default), got -2'));
    assert.throws(() => index.search(QUERIES, 5, { rerankFactor: 0.5 }),
      is(rv.InvalidInput, 'rerank_factor must be in [1, 1000000] (or 0 for the index default), got 0.5'));
    // Was a double -> size_t cast out of range, then nth_element on an empty range (a crash).
    assert.throws(() => index.search(QUERIES, 10, { rerankFactor: 1e19 }),
      is(rv.InvalidInput, 'rerank_factor must be in [1, 1000000] (or 0 for the index default), got 1e+19'));
    const nan = QUERIES.slice(0, DIM);
    nan[3] = Number.POSITIVE_INFINITY;
    assert.throws(() => index.search(nan, 5), is(rv.InvalidInput, 'queries contains Inf at row 0, column 3'));
    assert.throws(() => index.add(VECTORS.subarray(0, DIM), [5n]), is(rv.InvalidInput, 'duplicate id 5'));
    assert.throws(() => index.add(VECTORS.subarray(0, 2 * DIM), [3001, 3001]), is(rv.InvalidInput, 'duplicate id 3001'));
    assert.throws(() => index.add([1, 2]), is(rv.DimensionMismatch));
    assert.equal(index.size, 3000, 'a failed add changes nothing');
  });
});

test('an empty index (every row removed) raises EmptyIndex', () => {
  withIndex([0, 1, 1, 0], 2, {}, (index) => {
    assert.equal(index.remove([0, 1]), 2);
    assert.equal(index.size, 0);
    assert.throws(() => index.search([1, 1], 1), is(rv.EmptyIndex, 'search on an empty index: add vectors first'));
    index.add([2, 2]);
    assert.deepEqual([...index.search([2, 2], 1).ids], [2n]);
  });
});

test('deserialize refuses corrupt, truncated, foreign and wrong-version bytes with PersistError', () => {
  const bytes = withIndex(VECTORS.subarray(0, 200 * DIM), DIM, { nlist: 2 }, (i) => i.serialize());
  const flipped = bytes.slice();
  flipped[Math.floor(bytes.length / 2)] ^= 0x10;
  assert.throws(() => rv.RabitqIndex.deserialize(flipped), is(rv.PersistError, /checksum mismatch/));
  for (const cut of [bytes.length - 1, 200, 24, 3, 0]) {
    assert.throws(() => rv.RabitqIndex.deserialize(bytes.subarray(0, cut)), is(rv.PersistError), `truncated to ${cut}`);
  }
  assert.throws(() => rv.RabitqIndex.deserialize(new TextEncoder().encode('definitely not an index, just text')),
    is(rv.PersistError, /not a ruvector RabitqIndex \(bad magic/));
  const future = bytes.slice();
  new DataView(future.buffer).setUint32(8, 3, true); // the format version follows the 8-byte magic
  assert.throws(() => rv.RabitqIndex.deserialize(future),
    is(rv.PersistError, 'unsupported RabitqIndex format version 3 (this build reads versions 1 to 2)'));
  assert.throws(() => rv.RabitqIndex.deserialize(42), is(rv.InvalidInput, /bytes must be a Uint8Array/));
  // An ArrayBuffer and a Node Buffer are accepted as well.
  const copy = rv.RabitqIndex.deserialize(bytes.buffer.slice(0));
  const fromBuffer = rv.RabitqIndex.deserialize(Buffer.from(bytes));
  assert.deepEqual([copy.size, fromBuffer.size], [200, 200]);
  copy.dispose();
  fromBuffer.dispose();
});

test('save / load round trip in Node: atomic, same bytes, PersistError for bad paths', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ruvector-rabitq-'));
  try {
    const index = rv.RabitqIndex.build(VECTORS, DIM, { nlist: 8, store: 'f16', bits: 2 });
    const path = join(dir, 'index.rvq');
    const pending = index.save(path);
    assert.ok(pending instanceof Promise);
    await pending;
    const want = index.serialize();
    index.dispose();
    assert.deepEqual(new Uint8Array(await readFile(path)), want);
    assert.deepEqual(await readdir(dir), ['index.rvq'], 'no temp file is left behind');
    for (const where of [path, pathToFileURL(path)]) {
      const loaded = await rv.RabitqIndex.load(where);
      try {
        assert.deepEqual(loaded.serialize(), want);
        assert.deepEqual([loaded.size, loaded.store, loaded.bits, loaded.nlist], [3000, 'f16', 2, 8]);
        assert.equal(loaded.search(QUERIES, 5).k, 5);
      } finally {
        loaded.dispose();
      }
    }
    // Saving over an existing file replaces it.
    const small = rv.RabitqIndex.build([1, 2, 3, 4], 2);
    await small.save(path);
    small.dispose();
    const reloaded = await rv.RabitqIndex.load(path);
    assert.equal(reloaded.size, 2);
    reloaded.dispose();

    await assert.rejects(rv.RabitqIndex.load(join(dir, 'missing.rvq')),
      is(rv.PersistError, `cannot open '${join(dir, 'missing.rvq')}': No such file or directory`));
    await writeFile(join(dir, 'junk.rvq'), 'junk');
    await assert.rejects(rv.RabitqIndex.load(join(dir, 'junk.rvq')), is(rv.PersistError, /bad magic/));
    const orphan = rv.RabitqIndex.build([1, 2], 2);
    await assert.rejects(orphan.save(join(dir, 'no', 'such', 'dir', 'x.rvq')), is(rv.PersistError, /^cannot create '.*x\.rvq\.tmp-.*': No such file or directory$/));
    await assert.rejects(orphan.save(''), is(rv.InvalidInput, /path must be a non-empty string/));
    orphan.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// The rules of the core's write_file_atomic (file_io.hpp; C++ test "save keeps the file's mode and
// writes through a symlink"), kept by the Node ring's own writer.
test('save keeps the file\'s mode and writes through a symlink, like the core', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ruvector-rabitq-'));
  try {
    const file = join(dir, 'index.rvq');
    const small = rv.RabitqIndex.build([1, 2, 3, 4], 2);
    await small.save(file);
    await chmod(file, 0o600);
    await small.save(file);
    small.dispose();
    assert.equal((await stat(file)).mode & 0o7777, 0o600);
    const link = join(dir, 'current.rvq');
    await symlink('index.rvq', link);
    const bigger = rv.RabitqIndex.build([1, 2, 3, 4, 5, 6], 2);
    await bigger.save(link);
    bigger.dispose();
    assert.ok((await lstat(link)).isSymbolicLink(), 'the link is still a link');
    const loaded = await rv.RabitqIndex.load(file);
    assert.equal(loaded.size, 3, 'the file behind the link was replaced');
    loaded.dispose();
    assert.equal((await stat(file)).mode & 0o7777, 0o600);
    assert.deepEqual((await readdir(dir)).sort(), ['current.rvq', 'index.rvq']);
    await symlink('nowhere.rvq', join(dir, 'dangling.rvq'));
    const orphan = rv.RabitqIndex.build([1, 2], 2);
    await assert.rejects(orphan.save(join(dir, 'dangling.rvq')),
      is(rv.PersistError, `cannot follow the symlink '${join(dir, 'dangling.rvq')}': No such file or directory`));
    orphan.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('progress is called with (stage, fraction); an exception it throws abandons the build', () => {
  const seen = [];
  withIndex(VECTORS, DIM, { nlist: 300, progress: (stage, fraction) => seen.push([stage, fraction]) }, (index) => {
    assert.equal(index.nlist, 300);
  });
  const stages = [...new Set(seen.map(([s]) => s))];
  assert.ok(stages.includes('train') && stages.includes('encode'), JSON.stringify(stages));
  assert.ok(seen.every(([, f]) => f >= 0 && f <= 1));
  assert.deepEqual(seen.at(-1), ['encode', 1]);

  const boom = new RangeError('stop the build');
  let calls = 0;
  assert.throws(() => rv.RabitqIndex.build(VECTORS, DIM, { nlist: 300, progress: () => { calls++; throw boom; } }),
    (err) => err === boom);
  assert.equal(calls, 1, 'the build stops at the first exception');
  // The module is fine afterwards.
  withIndex(VECTORS, DIM, {}, (index) => assert.equal(index.size, 3000));
});

test('dispose is idempotent and later use throws RuVectorError', () => {
  const index = rv.RabitqIndex.build([1, 2, 3, 4], 2);
  index.dispose();
  index.dispose();
  for (const use of [() => index.size, () => index.search([1, 2]), () => index.serialize(), () => index.add([1, 2]),
    () => index.remove([0]), () => index.nlist]) {
    assert.throws(use, is(rv.RuVectorError, 'RabitqIndex was disposed'));
  }
  assert.throws(() => new rv.RabitqIndex(), TypeError);
});

test('many failing calls do not grow the wasm heap (errors are records, never thrown through wasm)', () => {
  const index = rv.RabitqIndex.build(VECTORS, DIM, { nlist: 4 });
  try {
    const nan = QUERIES.slice(0, DIM);
    nan[0] = Number.NaN;
    const probe = () => {
      for (let i = 0; i < 2000; i++) {
        assert.throws(() => index.search(nan, 5), rv.InvalidInput);
        assert.throws(() => rv.RabitqIndex.build([1, 2, 3], 2), rv.DimensionMismatch);
      }
    };
    probe(); // warm up allocator pools
    const before = index.memoryBytes;
    const heapBefore = process.memoryUsage().arrayBuffers;
    probe();
    assert.equal(index.memoryBytes, before);
    // wasm memory only grows in 64 KiB pages; 4000 leaking calls of this size would show megabytes.
    assert.ok(process.memoryUsage().arrayBuffers - heapBefore < 4 << 20);
  } finally {
    index.dispose();
  }
});

test('calibration and targetRecall: the table, the defaults it picks, the same errors as Python', () => {
  const d = rv.RabitqIndex.defaults();
  assert.deepEqual([d.targetRecall, d.calibrate, d.calibrateFrom], [0.95, true, 20000]);
  withIndex(VECTORS.subarray(0, 300 * DIM), DIM, {}, (small) => {
    assert.deepEqual(small.calibration, []);
    assert.throws(() => small.search(QUERIES, 3, { targetRecall: 1.5 }),
      is(rv.InvalidInput, 'target_recall must be in (0, 1], got 1.5'));
    assert.throws(() => small.search(QUERIES, 3, { targetRecall: 0.9 }),
      is(rv.InvalidInput, /^target_recall needs the index's calibration table, and this index has none/));
  });
  assert.throws(() => rv.RabitqIndex.build(QUERIES, DIM, { targetRecall: 0 }),
    is(rv.InvalidInput, 'target_recall must be in (0, 1], got 0'));
  // 20,000 rows in 25 clusters of a 4-d grid (the rows of tests/pyodide/golden_check.py): calibrated.
  const rows = new Float32Array(20000 * 4);
  for (let i = 0; i < 20000; i++) {
    rows.set([Math.fround((i % 5) * 4 + (i % 97) / 97), Math.fround(Math.floor(i / 5) % 5 * 4 + (i % 89) / 89),
      Math.fround((i % 83) / 83), Math.fround((i % 79) / 79)], i * 4);
  }
  withIndex(rows, 4, {}, (index) => {
    const table = index.calibration;
    assert.ok(table.length > 0);
    assert.deepEqual(Object.keys(table[0]).sort(),
      ['codesScanned', 'cost', 'nprobe', 'recall', 'recallLower', 'rerankFactor', 'rowsReranked']);
    const cheapest = table.filter((e) => e.recallLower >= 0.95).sort((a, b) => a.cost - b.cost)[0];
    assert.deepEqual([index.nprobe, index.rerankFactor], [cheapest.nprobe, cheapest.rerankFactor]);
    assert.equal(index.search(rows.subarray(0, 20), 10, { targetRecall: 0.99 }).queries, 5);
    const copy = rv.RabitqIndex.deserialize(index.serialize());
    assert.deepEqual(copy.calibration, table);
    copy.dispose();
    withIndex(rows, 4, { calibrate: false }, (plain) => {
      assert.deepEqual(plain.calibration, []);
      assert.deepEqual([plain.nlist, plain.rerankFactor], [index.nlist, d.rerankFactor]);
    });
  });
});
