// Browser test: Debian Chromium loads witness.html; a WitnessWorker (module Worker) checks every
// upstream bundle-witness vector and every transparency-dev/merkle case, and a checkpoint signed on
// the page. The expectations are those of the native and Node tests.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const UNTYPED_ROOT_CASE = 'consistency/additional/sizes-are-equal-one-and-proof-is-empty.json';
let results;
let browserLog = [];

before(async () => {
  const session = await openChromium(ROOT, { allConsole: true, timeout: 30_000 });
  browserLog = session.problems;
  try {
    await session.page.goto(session.url('/tests/browser/witness.html'));
    await session.page.waitForFunction(() => window.results !== undefined);
    results = await session.page.evaluate(() => window.results);
  } catch (err) {
    err.message += `\nbrowser log:\n${browserLog.join('\n')}`;
    throw err;
  } finally {
    await session.close();
  }
});

test('the witness worker ran in Chromium with no errors logged', () => {
  assert.equal(results.fatal, undefined, results.fatal);
  assert.deepEqual(browserLog, []);
  assert.match(results.userAgent, /Chrome\//);
});

test('bundle witness vectors byte for byte in a module Worker', () => {
  assert.ok(results.bundle.length >= 5);
  for (const r of results.bundle) assert.equal(r.got, r.want, r.name);
});

test('content witness oracle vectors in a module Worker', () => {
  assert.ok(results.content.length >= 6);
  for (const r of results.content) assert.equal(r.got, r.want, r.name);
});

test('every transparency-dev/merkle case in a module Worker', () => {
  assert.ok(results.merkle.length >= 190);
  for (const r of results.merkle) {
    if (r.path === UNTYPED_ROOT_CASE) assert.equal(r.outcome, 'InvalidInput', r.path);
    else if (r.wantErr) assert.ok(['WitnessMismatch', 'InvalidInput'].includes(r.outcome), `${r.path}: ${r.outcome}`);
    else assert.equal(r.outcome, 'ok', r.path);
  }
});

test('a checkpoint signed on the page verifies in the worker; a tampered one does not', () => {
  assert.deepEqual(results.checkpoint, { origin: 'lake.example/log', size: 2, rootMatches: true });
  assert.equal(results.tampered, 'WitnessMismatch');
});
