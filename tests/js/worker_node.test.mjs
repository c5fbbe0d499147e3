// IndexWorker under Node (node:worker_threads): same API and error classes as in browsers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexWorker, DimensionMismatch, EmptyIndex, RuVectorError } from '@ruvector/sdk/worker';
import * as rv from '@ruvector/sdk';

test('IndexWorker: build, search, add, remove, size, errors, terminate', async () => {
  const w = await IndexWorker.create();
  try {
    assert.equal(await w.size(), 0);
    await assert.rejects(w.add([1, 2]), (e) => e instanceof RuVectorError && /build\(\) first/.test(e.message));
    const vectors = new Float32Array([0, 0, 1, 0, 0, 1]);
    await w.build(vectors, 2, { metric: 'l2', ids: [10, 20n, 30] });
    assert.equal(vectors.length, 6, "the caller's array is copied, never detached by a transfer");
    const r = await w.search([0.9, 0.1, 0, 0.8], 2);
    assert.deepEqual([...r.ids], [20n, 10n, 30n, 10n]);
    assert.ok(r.distances instanceof Float32Array);
    assert.equal(r.k, 2);
    assert.equal(r.queries, 2);
    await w.add([5, 5]);
    assert.equal(await w.size(), 4);
    assert.equal(await w.remove([10n, 99]), 1);
    assert.equal(await w.size(), 3);
    // Errors cross the thread boundary as the same classes, with the core's message.
    await assert.rejects(w.search([1, 2, 3]), (e) => e instanceof DimensionMismatch && e instanceof rv.RuVectorError
      && e.name === 'DimensionMismatch' && e.message.includes('expected dim 2'));
    await assert.rejects(w.build([1, 2, 3], 2), DimensionMismatch);
    assert.equal(await w.size(), 3, 'a failed build keeps the previous index');
    await assert.rejects(w.search([1], 1), DimensionMismatch);
    await w.build([1, 2], 2);
    await w.remove([0]);
    await assert.rejects(w.search([1, 2]), EmptyIndex);
    // Conversion errors reject (not throw synchronously) on the calling thread.
    const rejected = w.add(7);
    assert.ok(rejected instanceof Promise);
    await assert.rejects(rejected, rv.InvalidInput);
  } finally {
    w.terminate();
  }
  await assert.rejects(w.size(), (e) => e instanceof RuVectorError && /terminated/.test(e.message));
});

test('IndexWorker: calls in flight reject when the worker is terminated', async () => {
  const w = await IndexWorker.create();
  await w.build(new Float32Array(64 * 2000).fill(0.5), 64);
  const pending = w.search(new Float32Array(64 * 50).fill(0.25), 5);
  w.terminate();
  w.terminate();
  await assert.rejects(pending, (e) => e instanceof RuVectorError && /terminated/.test(e.message));
});

test('IndexWorker: a worker script that cannot load rejects create()', async () => {
  await assert.rejects(IndexWorker.create({ url: new URL('./no_such_worker.mjs', import.meta.url) }),
    (e) => e instanceof RuVectorError && /worker/.test(e.message));
});
