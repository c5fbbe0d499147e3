// The JS wrapper's own behaviour: type translation, ids, lifetime, error classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import * as rv from '@ruvector/sdk';

await rv.init();

test('cpuFeatures reports the wasm simd128 kernels', () => {
  const f = rv.cpuFeatures();
  assert.equal(f.isa, 'simd128');
  assert.equal(f.simd128, true);
  assert.equal(f.avx2, false);
  assert.equal(f.avx512f, false);
  assert.ok(f.available.includes('simd128') && f.available.includes('scalar'));
  // The same keys as Python's cpu_features() natively and in Pyodide (tests/pyodide/golden_check.py).
  assert.deepEqual(Object.keys(f).sort(),
    ['available', 'avx2', 'avx512bw', 'avx512f', 'avx512vpopcntdq', 'fma', 'isa', 'popcnt', 'simd128']);
});

test('version() is package.json\'s, compiled into the core', () => {
  const pkg = JSON.parse(readFileSync(`${process.env.RUVECTOR_REPO_ROOT}/package.json`, 'utf8'));
  assert.equal(rv.version(), pkg.version);
});

test('auto ids continue after the largest id; remove and size', () => {
  const index = new rv.FlatIndex(2);
  try {
    assert.equal(index.size, 0);
    assert.equal(index.dim, 2);
    assert.equal(index.metric, 'l2');
    index.add([0, 0, 1, 1]);
    index.add([2, 2], [100n]);
    index.add([3, 3]);
    assert.equal(index.size, 4);
    assert.deepEqual([...index.search([3, 3], 4).ids], [101n, 100n, 1n, 0n]);
    assert.equal(index.remove([1, 100n, 12345]), 2);
    assert.equal(index.remove([1]), 0);
    assert.equal(index.size, 2);
    assert.deepEqual([...index.search([3, 3], 10).ids], [101n, 0n]);
    assert.ok(index.memoryBytes > 0);
  } finally {
    index.dispose();
  }
});

test('ids above 2^53 round-trip as bigint; unsafe or negative numbers are refused', () => {
  const big = (1n << 64n) - 1n;
  const index = rv.FlatIndex.build([1, 0, 0, 1], 2, { ids: new BigUint64Array([big, 2n ** 53n + 1n]) });
  try {
    const r = index.search([1, 0], 2);
    assert.deepEqual([...r.ids], [big, 2n ** 53n + 1n]);
    assert.throws(() => index.add([0, 0], [2 ** 53 + 2]), rv.InvalidInput);
    assert.throws(() => index.add([0, 0], [-1]), rv.InvalidInput);
    assert.throws(() => index.add([0, 0], [1.5]), rv.InvalidInput);
    assert.throws(() => index.add([0, 0], [1n << 64n]), rv.InvalidInput);
    assert.equal(index.size, 2);
  } finally {
    index.dispose();
  }
});

test('inputs are converted: number[], Float64Array; a bare number is refused', () => {
  const index = rv.FlatIndex.build(new Float64Array([1, 0, 0, 1]), 2, { metric: 'ip' });
  try {
    const a = index.search([1, 0], 1);
    const b = index.search(new Float32Array([1, 0]), 1);
    assert.deepEqual([...a.ids], [...b.ids]);
    assert.ok(a.distances instanceof Float32Array && a.ids instanceof BigUint64Array);
    assert.equal(a.k, 1);
    assert.equal(a.queries, 1);
    assert.throws(() => index.add(4), (e) => e instanceof rv.InvalidInput && /Float32Array/.test(e.message));
    // A view into a larger buffer: only its own elements are read.
    const backing = new Float32Array([9, 9, 0, 1, 9]);
    assert.deepEqual([...index.search(backing.subarray(2, 4), 1).ids], [1n]);
  } finally {
    index.dispose();
  }
});

test('k larger than the index gives size columns; validation errors come from C++', () => {
  const index = rv.FlatIndex.build([0, 1, 2], 1);
  try {
    const r = index.search([0, 2], 50);
    assert.equal(r.k, 3);
    assert.equal(r.ids.length, 6);
    assert.throws(() => index.search([0], 0), (e) => e instanceof rv.InvalidInput && e.message.includes('k must be >= 1'));
    assert.throws(() => index.add([Number.NaN]), rv.InvalidInput);
    assert.throws(() => index.add([1, 2], [7, 8, 9]), rv.InvalidInput);
    assert.equal(index.size, 3, 'a failed add changes nothing');
  } finally {
    index.dispose();
  }
});

test('dispose is idempotent and later use throws RuVectorError', () => {
  const index = new rv.FlatIndex(3, { metric: 'cosine' });
  index.dispose();
  index.dispose();
  assert.throws(() => index.size, (e) => e instanceof rv.RuVectorError && /disposed/.test(e.message));
  assert.throws(() => index.search([1, 2, 3]), /disposed/);
  assert.throws(() => index.add([1, 2, 3]), /disposed/);
});

test('a failed build frees its index and throws the core error', () => {
  assert.throws(() => rv.FlatIndex.build([1, 2, 3], 2), rv.DimensionMismatch);
  assert.throws(() => new rv.FlatIndex(0), rv.InvalidInput);
});

test('error classes: hierarchy, names, records', () => {
  for (const [cls, base] of [[rv.DimensionMismatch, rv.RuVectorError], [rv.TransportError, rv.A2AError],
    [rv.ProtocolError, rv.A2AError], [rv.CardSignatureInvalid, rv.A2AError], [rv.A2AError, rv.RuVectorError],
    [rv.EmbedError, rv.RuVectorError], [rv.PersistError, rv.RuVectorError], [rv.WitnessMismatch, rv.RuVectorError]]) {
    const err = new cls('m');
    assert.ok(err instanceof base && err instanceof Error);
    assert.equal(err.name, cls.name);
    const back = rv.errorFromRecord(rv.errorToRecord(err));
    assert.ok(back instanceof cls);
    assert.equal(back.message, 'm');
  }
  assert.ok(rv.errorFromRecord({ name: 'TypeError', message: 'x' }) instanceof TypeError);
  const unknown = rv.errorFromRecord({ name: 'Weird', message: 'x' });
  assert.ok(unknown instanceof rv.RuVectorError);
  assert.equal(unknown.message, 'Weird: x');
  assert.equal(rv.throwIfError(5), 5);
  assert.throws(() => rv.throwIfError({ error: { name: 'EmptyIndex', message: 'e' } }), rv.EmptyIndex);
});

test('indexes dropped without dispose() are freed by the FinalizationRegistry safety net', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  // 600 x 4 MB = 2.4 GB of vectors: more than wasm32's 2 GB memory unless dropped indexes are freed.
  const vectors = new Float32Array(1 << 20).fill(0.5);
  for (let batch = 0; batch < 30; batch++) {
    for (let i = 0; i < 20; i++) rv.FlatIndex.build(vectors, 256);
    gc();
    await new Promise((resolve) => setTimeout(resolve, 0)); // finalizers run in a later task
  }
});

test('numeric arguments must be integers: no silent truncation, no wasm trap', () => {
  const index = new rv.FlatIndex(2);
  try {
    index.add([0, 0, 1, 1]);
    for (const k of [2.7, NaN, Infinity, 1e30]) {
      assert.throws(() => index.search([0, 0], k), (e) => e instanceof rv.InvalidInput && /k must be an integer/.test(e.message));
    }
  } finally {
    index.dispose();
  }
  assert.throws(() => new rv.FlatIndex(2.5), (e) => e instanceof rv.InvalidInput && /dim must be an integer, got 2.5/.test(e.message));
  const bits = new Uint8Array([1, 2, 3, 4]);
  for (const bytes of [2 ** 32, 1e30, 0, 1.5]) {
    assert.throws(() => rv.hamming(bits, bits, bytes), (e) => e instanceof rv.InvalidInput && /bytesPerRow must be an integer >= 1/.test(e.message));
  }
});
