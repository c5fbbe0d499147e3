// Browser test: Debian Chromium (through playwright-core, never a downloaded browser) loads
// index.html from serve.mjs; the page runs every golden case inside a module Worker that imports
// web/js/index.mjs, and drives IndexWorker once. The outcomes are checked here, in Node, with the
// same functions as the Node consumer tests.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';
import { checkError, checkFlat, checkHamming, parseGolden } from '../js/golden_runner.mjs';
import { checkRabitqCase } from '../js/rabitq_runner.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const golden = parseGolden(await readFile(join(ROOT, 'tests/data/golden_flat.json'), 'utf8'));
const rabitq = JSON.parse(await readFile(join(ROOT, 'tests/data/golden_rabitq.json'), 'utf8'));
const shardCases = JSON.parse(await readFile(join(ROOT, 'tests/data/shard_map_cases.json'), 'utf8'));
let results;
let browserLog = [];

before(async () => {
  const session = await openChromium(ROOT, { allConsole: true, timeout: 30_000 });
  browserLog = session.problems;
  try {
    await session.page.goto(session.url('/tests/browser/index.html'));
    await session.page.waitForFunction(() => window.results !== undefined);
    results = await session.page.evaluate(() => window.results);
  } catch (err) {
    err.message += `\nbrowser log:\n${browserLog.join('\n')}`;
    throw err;
  } finally {
    await session.close();
  }
});

test('the golden worker ran to completion, with no errors logged by the page', () => {
  assert.equal(results.goldenWorker.fatal, undefined, results.goldenWorker.fatal);
  assert.deepEqual(browserLog, []);
  assert.match(results.userAgent, /Chrome\//);
});

test('cpuFeatures in the worker: simd128', () => {
  assert.equal(results.goldenWorker.cpu.isa, 'simd128');
  assert.equal(results.goldenWorker.cpu.simd128, true);
});

test('calling the API before init() throws RuVectorError in the worker', () => {
  const e = results.goldenWorker.beforeInit;
  assert.ok(e?.isBase);
  assert.equal(e.name, 'RuVectorError');
  assert.match(e.message, /call await init\(\) first/);
});

test('every golden flat case in the worker', () => {
  assert.equal(results.goldenWorker.flat.length, golden.flat.length);
  golden.flat.forEach((c, i) => {
    assert.deepEqual(checkFlat(c, results.goldenWorker.flat[i], golden.tolerance.relative), [], c.name);
  });
});

test('every golden hamming case in the worker', () => {
  golden.hamming.forEach((c, i) => assert.deepEqual(checkHamming(c, results.goldenWorker.hamming[i]), []));
});

test('every golden error case in the worker: class, instanceof, message', () => {
  assert.equal(results.goldenWorker.errors.length, golden.errors.length);
  golden.errors.forEach((c, i) => {
    assert.deepEqual(checkError(c, results.goldenWorker.errors[i]), [], `${c.op}: ${c.message_contains}`);
  });
});

test('IndexWorker from the page: search matches golden, errors keep their class, no detached input', () => {
  const r = results.indexWorker;
  const c = golden.flat.find((x) => x.ids) ?? golden.flat[0];
  assert.deepEqual(checkFlat({ ...c, distance_matrix: [] }, { ...r.outcome, matrix: [] }, golden.tolerance.relative), []);
  assert.equal(r.size, c.vectors.length);
  assert.equal(r.removed, 1);
  assert.equal(r.sizeAfterRemove, c.vectors.length - 1);
  assert.ok(r.callerArrayIntact);
  assert.deepEqual({ ...r.error, message: undefined },
    { name: 'DimensionMismatch', isClass: true, isBase: true, message: undefined });
  assert.ok(r.error.message.includes(`expected dim ${c.dim}`), r.error.message);
});

test('every golden RabitqIndex case in the worker: same index bytes (CRC-32) and results as native', () => {
  assert.equal(results.goldenWorker.rabitq.length, rabitq.cases.length);
  rabitq.cases.forEach((c, i) => {
    assert.deepEqual(checkRabitqCase(rabitq, c, results.goldenWorker.rabitq[i]), [], c.name);
  });
});

test('every shared ShardMap case in the worker: each id on the shard Python and native name', () => {
  assert.deepEqual(results.goldenWorker.shardHomes, shardCases.cases.map((c) => c.homes));
});

test('IndexWorker kind rabitq and a ShardedIndex from the page', () => {
  const r = results.rabitqWorker;
  const c = rabitq.cases.find((x) => x.nlist > 0) ?? rabitq.cases[0];
  assert.equal(r.crc32, c.crc32);
  assert.deepEqual(r.ids, c.expected_ids.flat().map(String));
  assert.ok(r.sameAfterLoad);
  assert.ok(r.callerArrayIntact);
  assert.ok(r.stages.includes('train') && r.stages.includes('encode'), r.stages.join());
  assert.deepEqual(r.loadError, { name: 'PersistError', isClass: true });
  assert.deepEqual(r.shardedIds, r.singleIds);
  assert.deepEqual(r.shardedDistances, r.singleDistances);
});

test('RabitqIndex save()/load() in a browser worker reject with RuVectorError (no file system)', () => {
  for (const r of results.goldenWorker.noFs) {
    assert.deepEqual({ ...r, message: undefined }, { status: 'rejected', name: 'RuVectorError', message: undefined, isBase: true });
    assert.match(r.message, /needs Node's file system: in browsers use serialize\(\)/);
  }
});
