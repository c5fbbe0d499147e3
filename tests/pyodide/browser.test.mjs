// Browser test: Debian Chromium (through playwright-core, never a downloaded browser) opens
// tests/pyodide/index.html; its module Worker (worker.mjs) loads Pyodide from the served node_modules,
// installs the wheel shipped beside @ruvector/sdk/pyodide's loader.mjs (or $RUVECTOR_PYODIDE_WHEEL's) and runs
// golden_check.py, lake_check.py (rv.Lake) and collection_check.py (rv.Collection). Offline: everything comes from a local static server on 127.0.0.1.
//
// The server (tests/browser/serve.mjs) serves a scratch root of symlinks (node_modules, web, tests and
// a given wheel), so a wheel from $RUVECTOR_PYODIDE_WHEEL outside the repo is served as well.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { caseOptions } from '../a2a_peers/case_options.mjs';
import { assertCaseOutcome, loadCases, startCasePeers } from '../a2a_peers/case_peers.mjs';
import { openChromium } from '../browser/chromium_session.mjs';

import { givenWheel, shippedWheel } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// A scratch root of symlinks to serve: node_modules, web (with the shipped wheel the loader finds by
// itself), tests and, when $RUVECTOR_PYODIDE_WHEEL names one, /wheel/<that wheel> (wheelUrl; else '').
async function scratchSite() {
  const scratch = await mkdtemp(join(tmpdir(), 'ruvector-pyodide-'));
  const site = join(scratch, 'site');
  await mkdir(join(site, 'wheel'), { recursive: true });
  for (const dir of ['node_modules', 'web', 'tests']) await symlink(join(ROOT, dir), join(site, dir));
  const wheel = givenWheel();
  if (!wheel) {
    shippedWheel();
    return { scratch, site, wheelUrl: '' };
  }
  await symlink(wheel, join(site, 'wheel', basename(wheel)));
  return { scratch, site, wheelUrl: `/wheel/${encodeURIComponent(basename(wheel))}` };
}

test('ruvector in Pyodide in a browser module worker passes the golden vectors', { timeout: 60_000 }, async () => {
  const { scratch, site, wheelUrl } = await scratchSite();

  const t0 = performance.now();
  let session;
  let problems = []; // page errors, console errors, failed or >= 400 requests
  let result;
  try {
    session = await openChromium(site);
    problems = session.problems;
    await session.page.goto(session.url(`/tests/pyodide/index.html${wheelUrl && `?wheel=${encodeURIComponent(wheelUrl)}`}`));
    result = await session.page.evaluate(() => window.result);
  } catch (err) {
    err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await session?.close();
    await rm(scratch, { recursive: true, force: true });
  }
  const total = Math.round(performance.now() - t0);
  assert.equal(result.error, undefined, `${result.error}\nbrowser problems:\n${problems.join('\n')}`);
  console.log(`pyodide ${result.pyodideVersion} in ${result.userAgent.match(/Chrome\/[\d.]+/)?.[0]}: `
    + `${result.summary} (loadPyodide ${result.timings.loadPyodide} ms, loadRuvector ${result.timings.loadRuvector} ms, `
    + `checks ${result.timings.checks} ms; ${total} ms with browser start)`);
  assert.match(result.summary, /^\d+ passed, 0 failed$/);
  assert.equal(result.lakeSummary, '16 passed, 0 failed');
  assert.equal(result.lakeHttpSummary, '2 passed, 0 failed');
  assert.equal(result.collectionSummary, '6 passed, 0 failed');
  assert.equal(result.shardMapSummary, '9 passed, 0 failed');
  assert.equal(result.platform, 'emscripten');
  assert.equal(result.isa, 'simd128');
  assert.match(result.userAgent, /Chrome\//);
  assert.deepEqual(problems, []);
});

// The shared hostile-peer cases through ruvector.A2AClient in Pyodide in a Chromium module worker
// (a2a_worker.mjs runs a2a_cases.py): the browser's fetch under the Python fetch transport gives the
// same error classes and whole messages as node and pytest. The peers run with --cors.
test('the shared hostile-peer cases give the same errors in Pyodide in a Chromium worker', { timeout: 240_000 }, async () => {
  const cases = await loadCases();
  const peers = await startCasePeers(cases, { cors: true });
  const { scratch, site, wheelUrl } = await scratchSite();
  let session;
  let reply;
  try {
    const resolved = cases.map((c) => ({ ...c, options: caseOptions(c, { jwks: peers.jwks, recorder: peers.recorders[c.mode] ?? '' }) }));
    session = await openChromium(site, { timeout: 200_000 });
    await session.page.goto(session.url('/tests/browser/a2a_cases.html'));
    reply = await session.page.evaluate((input) => new Promise((resolve) => {
      const worker = new Worker('/tests/pyodide/a2a_worker.mjs', { type: 'module' });
      worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
      worker.onerror = (event) => { worker.terminate(); resolve({ error: event.message || 'worker failed to load' }); };
      worker.postMessage({ ...input, wheel: input.wheel && new URL(input.wheel, location.href).href });
    }), { cases: resolved, urls: peers.urls, wheel: wheelUrl });
  } finally {
    await session?.close();
    await peers.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  assert.equal(reply.error, undefined, reply.error);
  assert.equal(reply.results.length, cases.length);
  for (const [i, c] of cases.entries()) {
    assert.equal(reply.results[i].name, c.name);
    assertCaseOutcome(assert, c, reply.results[i]);
  }
});
