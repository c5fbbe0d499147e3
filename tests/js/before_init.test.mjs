// Runs in its own process (node --test isolates files), so the module is really not loaded yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as rv from '@ruvector/sdk';

const notLoaded = (err) => err instanceof rv.RuVectorError && err.name === 'RuVectorError'
  && /call await init\(\) first/.test(err.message);

test('every entry point throws a clear RuVectorError before init()', () => {
  assert.throws(() => new rv.FlatIndex(4), notLoaded);
  assert.throws(() => rv.FlatIndex.build([1, 2], 2), notLoaded);
  assert.throws(() => rv.distances([1], [1], 1), notLoaded);
  assert.throws(() => rv.hamming(new Uint8Array(1), new Uint8Array(1), 1), notLoaded);
  assert.throws(() => rv.cpuFeatures(), notLoaded);
  assert.throws(() => rv.RabitqIndex.build([1, 2], 2), notLoaded);
  assert.throws(() => rv.RabitqIndex.deserialize(new Uint8Array(8)), notLoaded);
  assert.throws(() => new rv.HashEmbedder(), notLoaded);
});

test('concurrent init() calls share one load, and later calls are no-ops', async () => {
  await Promise.all([rv.init(), rv.init(), rv.init()]);
  await rv.init();
  assert.equal(rv.cpuFeatures().isa, 'simd128');
});
