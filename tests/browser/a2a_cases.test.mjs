// The shared hostile-peer cases (tests/a2a_peers/trust_cases.json, hostile_cases.json), unchanged,
// through the npm package's A2AClient in a Chromium module Worker: the browser's fetch (CORS,
// opaque redirects, its own network errors) must give the same error classes and whole messages as
// node and pytest. The peers run with --cors: the messages name their real URLs, so no proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { assertCaseOutcome, loadCases, startCasePeers } from '../a2a_peers/case_peers.mjs';
import { openChromium } from './chromium_session.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('the shared hostile-peer cases give the same errors in a Chromium worker', { timeout: 180_000 }, async () => {
  const cases = await loadCases();
  const peers = await startCasePeers(cases, { cors: true });
  let session;
  let reply;
  try {
    session = await openChromium(ROOT, { timeout: 150_000 });
    await session.page.goto(session.url('/tests/browser/a2a_cases.html'));
    reply = await session.page.evaluate((input) => new Promise((resolve) => {
      const worker = new Worker('/tests/browser/a2a_cases_worker.mjs', { type: 'module' });
      worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
      worker.onerror = (event) => { worker.terminate(); resolve({ fatal: event.message || 'worker failed to load' }); };
      worker.postMessage(input);
    }), { cases, urls: peers.urls, recorders: peers.recorders, jwks: peers.jwks });
  } finally {
    await session?.close();
    await peers.stop();
  }
  assert.equal(reply.fatal, undefined, reply.fatal);
  assert.equal(reply.results.length, cases.length);
  for (const [i, c] of cases.entries()) {
    const r = reply.results[i];
    assert.equal(r.name, c.name);
    if (r.error) assert.ok(r.error[2], `${c.name}: ${r.error[0]} is not the SDK's class of that name`);
    assertCaseOutcome(assert, c, { error: r.error && r.error.slice(0, 2), recorded: r.recorded });
  }
});
