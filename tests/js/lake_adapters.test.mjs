// Lake backends written in JS (methods may be async), HttpBundleBackend over a local static server
// (trusted keys; a publisher republishing between two requests), bundles from bytes and the
// LakeWorker, through the installed @ruvector/sdk package. The bundle is tests/data/lake_bundle
// (published and signed by the native lake); its expected ids come from the native lake.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import * as rv from '@ruvector/sdk';
import { LakeWorker } from '@ruvector/sdk/worker';

await rv.init();

const BUNDLE_DIR = join(process.env.RUVECTOR_REPO_ROOT, 'tests/data/lake_bundle');
const expected = JSON.parse(readFileSync(join(BUNDLE_DIR, 'expected.json'), 'utf8'));
const files = new Map([
  ['/bundles/docs/table.rulake.json', readFileSync(join(BUNDLE_DIR, 'table.rulake.json'))],
  ['/bundles/docs/index.rvq', readFileSync(join(BUNDLE_DIR, 'index.rvq'))],
  ['/bundles/docs/bundle.witness.json', readFileSync(join(BUNDLE_DIR, 'bundle.witness.json'))],
]);
const requests = [];
let server;
let base;

before(async () => {
  server = createServer((req, res) => {
    requests.push(req.url);
    // /chunked/... serves the same files without a Content-Length, in 4 KiB chunks.
    const chunked = req.url.startsWith('/chunked/');
    const body = files.get(chunked ? req.url.slice('/chunked'.length) : req.url);
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    if (!chunked) {
      res.writeHead(200, { 'content-length': body.length }).end(body);
      return;
    }
    res.writeHead(200);
    for (let at = 0; at < body.length; at += 4096) res.write(body.subarray(at, at + 4096));
    res.end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

function sample(rows, dim, seed = 1) {
  let s = seed >>> 0;
  return Float32Array.from({ length: rows * dim }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32 - 0.5;
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// An adapter over arrays whose every method answers after a delay, counting the lake's calls.
function asyncAdapter(id, vectors, dim, ids) {
  const a = {
    id, gen: 1, calls: { generation: 0, pull: 0, dim: 0 },
    async generation() { a.calls.generation++; await sleep(1); return a.gen; },
    async dim() { a.calls.dim++; return dim; },
    async pull() { a.calls.pull++; await sleep(2); return { ids, vectors, dim, generation: a.gen }; },
  };
  return a;
}

const flatQueries = () => Float32Array.from(expected.queries.flat());
const idsOf = (r) => Array.from(r.ids, String);

test('an async adapter answers like a LocalBackend over the same rows; the core decides the calls', async () => {
  const dim = 8;
  const vectors = sample(120, dim, 7);
  const ids = Array.from({ length: 120 }, (_, i) => 2n ** 64n - 1n - BigInt(i));
  const adapter = asyncAdapter('js', vectors, dim, ids);
  const local = new rv.LocalBackend('mem');
  local.putCollection('docs', vectors, dim, ids);
  const lake = new rv.Lake();
  lake.register(adapter);
  lake.register(local);
  const q = sample(3, dim, 11);
  const viaAdapter = await lake.searchAsync('js', 'docs', q, 5);
  assert.deepEqual(idsOf(viaAdapter), idsOf(lake.search('mem', 'docs', q, 5)));
  assert.deepEqual(adapter.calls, { generation: 1, pull: 1, dim: 1 });

  await lake.searchAsync('js', 'docs', q, 5); // fresh: one generation check, no pull
  assert.deepEqual(adapter.calls, { generation: 2, pull: 1, dim: 2 });
  adapter.gen = 2;
  await lake.searchAsync('js', 'docs', q, 5); // moved: pulled again
  assert.equal(adapter.calls.pull, 2);
  const byBackend = lake.stats();
  assert.equal(byBackend.primes, 3); // js twice, mem once

  assert.throws(() => lake.search('js', 'docs', q, 5), (err) => err instanceof rv.InvalidInput && /Async/.test(err.message));
  const federated = await lake.searchFederatedAsync([['js', 'docs'], ['mem', 'docs']], q, 5);
  assert.equal(federated.ids.length, 15);
  lake.dispose();
  local.dispose();
});

test('frozen and eventual consistency: the core, not JS, decides when the adapter is asked', async () => {
  const dim = 4;
  const vectors = sample(40, dim, 3);
  const ids = Array.from({ length: 40 }, (_, i) => i);
  const frozen = new rv.Lake({ consistency: 'frozen' });
  const a = asyncAdapter('a', vectors, dim, ids);
  frozen.register(a);
  const q = sample(1, dim, 5);
  await frozen.searchAsync('a', 'c', q, 3);
  a.gen = 9;
  for (let i = 0; i < 3; i++) await frozen.searchAsync('a', 'c', q, 3);
  assert.deepEqual(a.calls, { generation: 1, pull: 1, dim: 1 });
  assert.equal(await frozen.refreshAsync('a', 'c'), true); // explicit refresh still asks
  assert.deepEqual(a.calls, { generation: 2, pull: 2, dim: 2 });
  frozen.dispose();

  const eventual = new rv.Lake({ consistency: rv.eventual(60_000) });
  const b = asyncAdapter('b', vectors, dim, ids);
  eventual.register(b);
  await eventual.searchAsync('b', 'c', q, 3);
  await eventual.searchAsync('b', 'c', q, 3);
  assert.equal(b.calls.generation, 1);
  eventual.dispose();
});

test('a synchronous adapter works with the synchronous methods; bad answers name the backend', () => {
  const dim = 4;
  const vectors = sample(30, dim, 9);
  const sync = { id: 's', generation: () => 'etag-1', pull: () => ({ ids: [...Array(30).keys()], vectors, dim, generation: 'etag-1' }) };
  const lake = new rv.Lake();
  lake.register(sync);
  assert.equal(lake.search('s', 'c', vectors.slice(0, dim), 1).ids[0], 0n);
  assert.throws(() => lake.register({ id: 's2', generation: () => 1 }), /must have generation\(collection\) and pull/);
  assert.throws(() => lake.register({ id: '', generation: () => 1, pull: () => null }), /non-empty string/);
  const bad = { id: 'bad', generation: () => -1, pull: () => null };
  lake.register(bad);
  assert.throws(() => lake.search('bad', 'c', vectors.slice(0, dim), 1), (err) => err instanceof rv.InvalidInput &&
    /backend 'bad': a generation/.test(err.message));
  const short = { id: 'short', generation: () => 1, pull: () => ({ ids: [1, 2], vectors: [1, 2, 3], dim: 3, generation: 1 }) };
  lake.register(short);
  assert.throws(() => lake.search('short', 'c', [1, 2, 3], 1), (err) => err instanceof rv.DimensionMismatch &&
    /backend 'short' collection 'c'/.test(err.message));
  lake.dispose();
});

test('HttpBundleBackend: the published bundle is verified, installed unbuilt, and answers as natively', async () => {
  const lake = new rv.Lake();
  const http = new rv.HttpBundleBackend('remote', `${base}/bundles/docs`);
  assert.deepEqual(http.listCollections(), ['docs']);
  lake.register(http);
  requests.length = 0;
  const r = await lake.searchAsync('remote', 'docs', flatQueries(), expected.k);
  assert.deepEqual(idsOf(r), expected.ids.flat());
  assert.equal(lake.witnessOf('remote', 'docs'), expected.witness);
  let s = lake.stats();
  assert.equal(s.primes, 0);
  assert.equal(s.warmInstalls, 1);
  await lake.searchAsync('remote', 'docs', flatQueries(), expected.k); // fresh: the sidecar only
  // The check's sidecar, then the bundle in the reverse of the publisher's write order.
  assert.deepEqual(requests, ['/bundles/docs/table.rulake.json', '/bundles/docs/table.rulake.json',
    '/bundles/docs/bundle.witness.json', '/bundles/docs/index.rvq', '/bundles/docs/table.rulake.json']);
  s = lake.stats();
  assert.equal(s.hits, 1);
  lake.dispose();
});

test('HttpBundleBackend errors: forged sidecar, size limits, 404, refused connection, other parameters', async () => {
  const sidecar = files.get('/bundles/docs/table.rulake.json');
  files.set('/bundles/forged/table.rulake.json', Buffer.from(sidecar.toString().replace('"generation": 1', '"generation": 2')));
  files.set('/bundles/forged/index.rvq', files.get('/bundles/docs/index.rvq'));
  files.set('/bundles/forged/bundle.witness.json', files.get('/bundles/docs/bundle.witness.json'));
  const lake = new rv.Lake();
  lake.register(new rv.HttpBundleBackend('forged', `${base}/bundles/forged`));
  await assert.rejects(lake.searchAsync('forged', 'forged', flatQueries(), 3), rv.WitnessMismatch);
  lake.register(new rv.HttpBundleBackend('small', { docs: `${base}/bundles/docs` }, { maxIndexBytes: 1000 }));
  await assert.rejects(lake.searchAsync('small', 'docs', flatQueries(), 3), (err) => err instanceof rv.PersistError &&
    /index.rvq: the index of \d+ bytes exceeds the limit of 1000 bytes/.test(err.message));
  lake.register(new rv.HttpBundleBackend('missing', { docs: `${base}/bundles/none` }));
  await assert.rejects(lake.searchAsync('missing', 'docs', flatQueries(), 3), (err) => err instanceof rv.PersistError &&
    /HTTP 404/.test(err.message));
  lake.register(new rv.HttpBundleBackend('down', { docs: 'http://127.0.0.1:9/bundles/docs' }));
  await assert.rejects(lake.searchAsync('down', 'docs', flatQueries(), 3), rv.TransportError);
  const other = new rv.Lake({ rerankFactor: 5 });
  other.register(new rv.HttpBundleBackend('remote', `${base}/bundles/docs`));
  await assert.rejects(other.searchAsync('remote', 'docs', flatQueries(), 3), (err) => err instanceof rv.InvalidInput &&
    err.message === `bundle '${base}/bundles/docs' has rerank_factor 20, this lake uses 5`);
  assert.equal(lake.entryCount, 0);
  lake.dispose();
  other.dispose();
});

test('HttpBundleBackend without Content-Length: read in chunks, the limit enforced while reading', async () => {
  let lake = new rv.Lake();
  lake.register(new rv.HttpBundleBackend('chunked', { docs: `${base}/chunked/bundles/docs` }));
  const r = await lake.searchAsync('chunked', 'docs', flatQueries(), expected.k);
  assert.deepEqual(idsOf(r), expected.ids.flat());
  // A fresh lake: in this one the same witness would share the entry and fetch no index.
  lake.dispose();
  lake = new rv.Lake();
  lake.register(new rv.HttpBundleBackend('small', { docs: `${base}/chunked/bundles/docs` }, { maxIndexBytes: 10_000 }));
  await assert.rejects(lake.searchAsync('small', 'docs', flatQueries(), 3), (err) => err instanceof rv.PersistError &&
    /the index of at least \d+ bytes exceeds the limit of 10000 bytes/.test(err.message));
  lake.dispose();
});

test('warmFromBytes installs a bundle without a backend round trip', () => {
  const lake = new rv.Lake({ consistency: 'frozen' });
  lake.register(new rv.LocalBackend('mem'));
  const count = lake.warmFromBytes('mem', 'docs', {
    sidecar: files.get('/bundles/docs/table.rulake.json'), index: files.get('/bundles/docs/index.rvq'),
  });
  assert.equal(count, 600);
  assert.deepEqual(idsOf(lake.search('mem', 'docs', flatQueries(), expected.k)), expected.ids.flat());
  lake.dispose();
});

test('LakeWorker (worker_threads): loads the bundle from its URL, verified, and serves searches', async () => {
  const worker = await LakeWorker.create({ consistency: 'frozen' });
  try {
    const loaded = await worker.load(`${base}/bundles/docs`, 'docs', { trustedKeys: expected.verifier });
    assert.equal(loaded.witness, expected.witness);
    assert.equal(loaded.sidecar.rvf_witness, expected.witness);
    // The checkpoint the core verified, against the note's own lines.
    const [origin, size, rootBase64] = loaded.record.log.checkpoint.split('\n');
    assert.deepEqual(loaded.checkpoint.keyNames, ['ruvector.test/lake-bundle']);
    assert.equal(loaded.checkpoint.origin, origin);
    assert.equal(String(loaded.checkpoint.size), size);
    assert.equal(Buffer.from(loaded.checkpoint.root).toString('base64'), rootBase64);
    assert.equal(loaded.checkpoint.leafIndex, loaded.record.log.leaf_index);
    const r = await worker.search('docs', flatQueries(), expected.k);
    assert.deepEqual(idsOf(r), expected.ids.flat());
    assert.equal((await worker.stats()).warmInstalls, 1);
    await assert.rejects(worker.search('other', flatQueries(), 3), rv.InvalidInput);
    await assert.rejects(worker.load(`${base}/bundles/forged`, 'forged'), rv.WitnessMismatch);
  } finally {
    worker.terminate();
  }
  // Another key than the one that signed it: refused before anything is served. (A fresh worker:
  // in the first one the bundle's witness names an installed entry, which a load would share.)
  const strange = await LakeWorker.create();
  try {
    const stranger = rv.witness.verifierKey(rv.witness.generateSignerKey('ruvector.test/lake-bundle'));
    await assert.rejects(strange.load(`${base}/bundles/docs`, 'docs', { trustedKeys: [stranger] }),
      (err) => err instanceof rv.WitnessMismatch && /ruvector\.test\/lake-bundle/.test(err.message));
    assert.equal((await strange.stats()).warmInstalls, 0);
  } finally {
    strange.terminate();
  }
});

// Two publishes of one collection (same data_ref, generation 1 then 2, other rows, same index size).
function twoPublishes() {
  const dim = 16;
  const rows = [sample(600, dim, 31), sample(600, dim, 32)];
  const ids = Array.from({ length: 600 }, (_, i) => BigInt(i));
  const local = new rv.LocalBackend('racer');
  const publisher = new rv.Lake();
  publisher.register(local);
  const bundles = rows.map((vectors) => {
    local.putCollection('docs', vectors, dim, ids);
    return publisher.publishBytes('racer', 'docs');
  });
  publisher.dispose();
  local.dispose();
  assert.equal(bundles[0].index.length, bundles[1].index.length);
  return { dim, rows, bundles };
}

// A static server whose bundle is republished (A -> B, and back when `every`) after request `after`.
async function republishingServer(bundles, after, every = 0) {
  const names = { 'table.rulake.json': 'sidecar', 'bundle.witness.json': 'witness', 'index.rvq': 'index' };
  const log = [];
  const srv = createServer((req, res) => {
    const name = req.url.split('/').pop();
    log.push(name);
    const n = log.length;
    let which = n <= after ? 0 : 1;
    if (every && n > after) which = 1 - (Math.floor((n - after - 1) / every) % 2);
    const body = bundles[which][names[name]];
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { log, url: `http://127.0.0.1:${srv.address().port}/bundles/docs`, close: () => srv.close() };
}

test('HttpBundleBackend: a republish between two requests is fetched again, never mixed', async () => {
  const { dim, rows, bundles } = twoPublishes();
  const witnessB = JSON.parse(new TextDecoder().decode(bundles[1].sidecar)).rvf_witness;
  // 1: the check's sidecar (A), 2: the bundle's sidecar (A), then B is published: B's witness does
  // not name A's sidecar -> all three again, from B.
  let server = await republishingServer(bundles, 2);
  try {
    const lake = new rv.Lake({ consistency: 'frozen' });
    lake.register(new rv.HttpBundleBackend('remote', server.url));
    const r = await lake.searchAsync('remote', 'docs', rows[1].subarray(5 * dim, 6 * dim), 1);
    assert.equal(r.ids[0], 5n);
    assert.ok(r.distances[0] < 1e-4);
    assert.equal(lake.witnessOf('remote', 'docs'), witnessB);
    const bundle = ['table.rulake.json', 'bundle.witness.json', 'index.rvq'];
    assert.deepEqual(server.log, ['table.rulake.json', ...bundle, ...bundle]);
    lake.dispose();
  } finally {
    server.close();
  }
  // A publisher that never stops: every file differs from the one before it.
  server = await republishingServer(bundles, 0, 1);
  try {
    const lake = new rv.Lake({ consistency: 'frozen' });
    lake.register(new rv.HttpBundleBackend('remote', server.url));
    await assert.rejects(lake.searchAsync('remote', 'docs', rows[1].subarray(0, dim), 1), (err) =>
      err instanceof rv.WitnessMismatch && err.message.startsWith(`bundle '${server.url}': its files disagree in 2 ` +
        'fetches (republished while being read, or not one bundle): bundle.witness.json is for bundle witness '));
    assert.equal(lake.entryCount, 0);
    lake.dispose();
  } finally {
    server.close();
  }
});

test('HttpBundleBackend trustedKeys: only a bundle one of them signed is served', async () => {
  const lake = new rv.Lake();
  lake.register(new rv.HttpBundleBackend('signed', `${base}/bundles/docs`, { trustedKeys: expected.verifier }));
  const r = await lake.searchAsync('signed', 'docs', flatQueries(), expected.k);
  assert.deepEqual(idsOf(r), expected.ids.flat());
  // Unsigned (published without a signer) while keys are given.
  const { bundles } = twoPublishes();
  for (const [part, name] of [['sidecar', 'table.rulake.json'], ['witness', 'bundle.witness.json'], ['index', 'index.rvq']]) {
    files.set(`/bundles/unsigned/${name}`, bundles[0][part]);
  }
  lake.register(new rv.HttpBundleBackend('unsigned', `${base}/bundles/unsigned`, { trustedKeys: [expected.verifier] }));
  await assert.rejects(lake.searchAsync('unsigned', 'unsigned', new Float32Array(16), 1), (err) =>
    err instanceof rv.WitnessMismatch && err.message ===
      'bundle witness mismatch: the bundle carries no transparency-log proof (it was published without a signer)');
  // One flipped bit in the served index (a fresh lake: this one shares the fixture's verified entry).
  const tampered = new rv.Lake();
  const index = Uint8Array.from(files.get('/bundles/docs/index.rvq'));
  index[index.length >> 1] ^= 1;
  files.set('/bundles/tampered/index.rvq', index);
  files.set('/bundles/tampered/table.rulake.json', files.get('/bundles/docs/table.rulake.json'));
  files.set('/bundles/tampered/bundle.witness.json', files.get('/bundles/docs/bundle.witness.json'));
  tampered.register(new rv.HttpBundleBackend('t', `${base}/bundles/tampered`, { trustedKeys: expected.verifier }));
  await assert.rejects(tampered.searchAsync('t', 'tampered', flatQueries(), 1), (err) =>
    err instanceof rv.WitnessMismatch && /its files disagree in 2 fetches .*index\.rvq has \d+ bytes with root/.test(err.message));
  assert.throws(() => tampered.register(new rv.HttpBundleBackend('badkey', `${base}/bundles/docs`,
    { trustedKeys: ['nope'] })), rv.InvalidInput);
  // An entry warmed unchecked under the fixture's bundle witness (its sidecar over other rows) does
  // not serve a backend that trusts keys: it installs and checks its own.
  const open = new rv.Lake();
  open.warmFromBytes('cache', 'docs', { sidecar: files.get('/bundles/docs/table.rulake.json'), index: bundles[0].index });
  open.register(new rv.HttpBundleBackend('signed', `${base}/bundles/docs`, { trustedKeys: expected.verifier }));
  assert.deepEqual(idsOf(await open.searchAsync('signed', 'docs', flatQueries(), expected.k)), expected.ids.flat());
  assert.equal(open.stats().sharedHits, 0);
  assert.equal(open.entryCount, 2);
  lake.dispose();
  tampered.dispose();
  open.dispose();
});

test('publishBytes: what one lake publishes another installs; per-collection settings and counters', () => {
  const dim = 8;
  const vectors = sample(200, dim, 21);
  const ids = Array.from({ length: 200 }, (_, i) => 2n ** 64n - 1n - BigInt(i));
  const local = new rv.LocalBackend('mem');
  local.putCollection('docs', vectors, dim, ids);
  assert.deepEqual(local.listCollections(), ['docs']);
  assert.equal(local.generation('docs'), 1n);
  assert.equal(local.dataRef('docs'), 'local://mem/docs');
  const publisher = new rv.Lake();
  publisher.register(local);
  assert.throws(() => publisher.snapshotBytes('mem', 'docs'), /collection 'mem\/docs' is not primed/);
  const bundle = publisher.publishBytes('mem', 'docs');
  assert.equal(publisher.stats().primes, 1);
  assert.deepEqual(publisher.snapshotBytes('mem', 'docs'), bundle);
  const reader = new rv.Lake({ consistency: 'frozen' });
  assert.equal(reader.warmFromBytes('copy', 'docs', bundle), 200);
  const q = sample(2, dim, 5);
  assert.deepEqual(idsOf(reader.search('copy', 'docs', q, 4)), idsOf(publisher.search('mem', 'docs', q, 4)));
  assert.equal(reader.witnessOf('copy', 'docs'), publisher.witnessOf('mem', 'docs'));
  // A smaller rerank budget for one search still returns k hits.
  assert.equal(publisher.search('mem', 'docs', q, 4, { nprobe: 1, rerankFactor: 1 }).ids.length, 8);
  assert.throws(() => publisher.search('mem', 'docs', q, 4, { nprobe: 1.5 }), /nprobe must be an integer/);

  publisher.setConsistency('mem', 'docs', rv.eventual(250));
  assert.deepEqual(publisher.consistencyOf('mem', 'docs'), { ttlMs: 250 });
  assert.equal(publisher.consistencyOf('mem', 'other'), 'fresh');
  publisher.pin('mem', 'docs');
  assert.equal(publisher.refcountOf(publisher.witnessOf('mem', 'docs')), 1);
  assert.ok(publisher.cacheBytes > 200 * dim);
  assert.deepEqual(publisher.backendIds, ['mem']);
  assert.equal(publisher.statsByBackend().mem.primes, 1);
  const [[b, c, s]] = publisher.statsByCollection();
  assert.deepEqual([b, c, s.primes], ['mem', 'docs', 1]);
  assert.equal(local.dropCollection('docs'), true);
  assert.equal(local.dropCollection('docs'), false);
  publisher.dispose();
  reader.dispose();
  local.dispose();
});
