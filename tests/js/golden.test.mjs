// The cross-target golden vectors through the installed @ruvector/sdk package (tests/js/run.sh
// installs the packed tarball into a scratch project and runs this file there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';
import {
  parseGolden, runFlatCase, runHammingCase, runErrorCase, checkFlat, checkHamming, checkError,
} from './golden_runner.mjs';

const golden = parseGolden(await readFile(
  process.env.RUVECTOR_GOLDEN ?? new URL('../data/golden_flat.json', import.meta.url), 'utf8'));
await rv.init();

for (const c of golden.flat) {
  test(`flat ${c.name}: distance matrix and FlatIndex top-k`, () => {
    assert.deepEqual(checkFlat(c, runFlatCase(rv, c), golden.tolerance.relative), []);
  });
}

test('hamming matrices', () => {
  for (const c of golden.hamming) assert.deepEqual(checkHamming(c, runHammingCase(rv, c)), []);
});

for (const c of golden.errors) {
  test(`error ${c.op} -> ${c.error}: ${c.message_contains}`, () => {
    assert.deepEqual(checkError(c, runErrorCase(rv, c)), []);
    // The same through assert.throws, as a consumer would write it.
    assert.throws(() => {
      const index = new rv.FlatIndex(c.dim, { metric: c.metric });
      if (c.op === 'search') index.add(new Float32Array(c.dim).fill(0.5));
      if (c.op.startsWith('search')) index.search(new Float64Array(c.query), c.k ?? 1);
      if (c.op === 'add') index.add(c.vectors.flat());
      if (c.op === 'add_ids') index.add(c.vectors.flat(), c.ids.map(BigInt));
    }, (err) => err instanceof rv[c.error] && err instanceof rv.RuVectorError && err.name === c.error
      && err.message.includes(c.message_contains));
  });
}
