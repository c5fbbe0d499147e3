// The shared ShardMap cases (tests/data/shard_map_cases.json, also checked natively, as wasm and in
// pytest): JS routes every id to the shard Python's rv.lake.ShardMap and the core name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';
import { InvalidInput } from '@ruvector/sdk';

const cases = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/shard_map_cases.json`
  : new URL('../data/shard_map_cases.json', import.meta.url), 'utf8'));
await rv.init();

const ids = BigUint64Array.from(cases.ids.map(BigInt));

test('ShardMap: every shared case routes each id to the same shard', () => {
  assert.equal(cases.cases.length, 9);
  for (const c of cases.cases) {
    const map = new rv.ShardMap(c.shard_by, c.shards, ids);
    assert.equal(map.rule, c.shard_by);
    assert.equal(map.shards, c.shards);
    assert.deepEqual([...map.bounds], (c.bounds ?? []).map(BigInt), `${c.shard_by} over ${c.shards}`);
    assert.deepEqual([...map.assign(ids)], c.homes, `${c.shard_by} over ${c.shards}`);
    if (c.shard_by === 'range') {
      assert.deepEqual([...rv.ShardMap.fromBounds(map.bounds).assign(ids)], c.homes, 'fromBounds');
    }
  }
});

test('ShardMap: bad input gets the core\'s messages', () => {
  assert.throws(() => new rv.ShardMap('mod', 2), (e) => e instanceof InvalidInput && e.message === "shard_by must be 'hash' or 'range', got 'mod'");
  assert.throws(() => new rv.ShardMap('hash', 0), (e) => e instanceof InvalidInput && e.message === 'shards must be in [1, 65536], got 0');
  assert.throws(() => rv.ShardMap.fromBounds([5n, 3n]), (e) => e instanceof InvalidInput && e.message === 'range bounds must ascend, got 5 before 3 at 1');
  assert.throws(() => new rv.ShardMap('hash', 2).assign([-1]), InvalidInput);
});
