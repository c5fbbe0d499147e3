// The verified lake example (examples/verified_lake_browser/) in Debian Chromium: a LakeWorker (module
// Worker) loads tests/data/lake_bundle from the static server with the key that signed it, the page
// shows the verified checkpoint (signer, origin, tree size, root, leaf) and the bundle witness, and
// searches; the ids must be those the native lake returned (expected.json). Another key, or no
// bundle, is refused on the page. The assertions read the rendered page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const expected = JSON.parse(readFileSync(new URL('../data/lake_bundle/expected.json', import.meta.url), 'utf8'));
const record = JSON.parse(readFileSync(new URL('../data/lake_bundle/bundle.witness.json', import.meta.url), 'utf8'));
const withKey = (key) => `/examples/verified_lake_browser/?bundle=/tests/data/lake_bundle/&key=${encodeURIComponent(key)}`;

test('examples/verified_lake_browser verifies a published bundle in a worker and searches it',
  { timeout: 60_000 }, async () => {
    const session = await openChromium(ROOT);
    const { page, problems } = session;
    try {
      await page.goto(session.url(withKey(expected.verifier)));
      await page.waitForSelector('body[data-state="done"], body[data-state="error"]');
      assert.match(await page.textContent('#status'), /^done: verified, 5 hits in [\d.]+ ms$/, problems.join('\n'));
      const field = (name) => page.textContent(`[data-field="${name}"]`);
      // The checkpoint as the note in the published witness file states it (origin, size, base64 root).
      const [origin, size, rootBase64] = record.log.checkpoint.split('\n');
      assert.equal(await field('signed by'), expected.verifier.split('+')[0]);
      assert.equal(await field('log origin'), origin);
      assert.equal(await field('log tree size'), size);
      assert.equal(await field('log root'), Buffer.from(rootBase64, 'base64').toString('hex'));
      assert.equal(await field('log leaf'), String(record.log.leaf_index));
      assert.equal(await field('content witness'), record.content_witness.root);
      assert.equal(await field('bundle witness'), expected.witness);
      assert.equal(await field('dim'), String(expected.dim));
      assert.equal((await page.$$('#hits tr')).length, 5);

      for (let q = 0; q < expected.queries.length; q++) {
        await page.fill('#query', expected.queries[q].join(','));
        await page.fill('#k', String(expected.k));
        const before = await page.evaluate(() => window.example.searches);
        await page.click('#search button');
        await page.waitForFunction((n) => window.example.searches > n, before);
        const ids = await page.$$eval('#hits tr', (trs) => trs.map((tr) => tr.children[1].textContent));
        assert.deepEqual(ids, expected.ids[q], `query ${q}`);
      }
    } catch (err) {
      err.message += `\nbrowser problems:\n${problems.join('\n')}`;
      throw err;
    } finally {
      await session.close();
    }
    assert.deepEqual(problems, []);
  });

test('the example refuses a bundle its trusted key did not sign and serves nothing', { timeout: 60_000 }, async () => {
  const session = await openChromium(ROOT);
  const { page, problems } = session;
  try {
    // A valid verifier key of the same name over another Ed25519 key (C2SP signed-note format).
    const name = expected.verifier.split('+')[0];
    const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const key = Buffer.concat([Buffer.from([1]), raw]);
    const hash = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n`), key])).digest().subarray(0, 4);
    const stranger = `${name}+${hash.toString('hex')}+${key.toString('base64')}`;
    await page.goto(session.url(withKey(stranger)));
    await page.waitForSelector('body[data-state="error"]');
    assert.match(await page.textContent('#status'), /^error: WitnessMismatch: /);
    assert.equal((await page.$$('#hits tr')).length, 0);
  } finally {
    await session.close();
  }
  assert.deepEqual(problems, []);
});

test('the example reports a missing bundle and serves nothing', { timeout: 60_000 }, async () => {
  const session = await openChromium(ROOT);
  const { page, problems } = session;
  try {
    // No such bundle: the sidecar fetch is a 404, reported on the page, nothing is served.
    await page.goto(session.url('/examples/verified_lake_browser/?bundle=/tests/data/no_such_bundle/'));
    await page.waitForSelector('body[data-state="error"]');
    assert.match(await page.textContent('#status'), /^error: PersistError: GET .*no_such_bundle\/table\.rulake\.json: HTTP 404/);
    assert.equal((await page.$$('#hits tr')).length, 0);
  } finally {
    await session.close();
  }
  // The 404 itself is the only problem the page logged.
  assert.ok(problems.every((p) => /404/.test(p)), problems.join('\n'));
});
