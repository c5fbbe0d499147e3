// A2AClient in Debian Chromium (playwright-core): the page and a module Worker each connect to a real
// A2A server (@a2a-js/sdk, tests/a2a_peers/js_peer.mjs) through serve.mjs's same-origin /agent proxy
// (the peer sends no CORS headers), send, stream `count 5`, read the task and abort a stream.
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';
import { startPeer } from '../a2a_peers/launch.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let peer;
let results;
let problems = [];
let closedPort;

// A port that was just free: bound, then released.
async function closedPortNumber() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

before(async () => {
  peer = await startPeer('js');
  closedPort = await closedPortNumber();
  const session = await openChromium(ROOT, { timeout: 30_000, serveArgs: ['--agent', peer.url] });
  problems = session.problems;
  try {
    await session.page.goto(session.url(`/tests/browser/a2a.html?closed=${closedPort}`));
    await session.page.waitForFunction(() => window.results !== undefined);
    results = await session.page.evaluate(() => window.results);
  } catch (err) {
    err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await session.close();
  }
});
after(() => peer?.stop());

function checkScenario(r, where) {
  assert.equal(r.fatal, undefined, `${where}: ${r.fatal}`);
  assert.equal(r.card.name, 'ruvector-test-peer-js');
  assert.equal(r.card.version, '1.0');
  assert.match(r.card.endpoint, /^http:\/\/127\.0\.0\.1:\d+\/agent\/a2a\/jsonrpc$/);
  assert.equal(r.echo, 'from the browser');
  assert.deepEqual(r.events.map((e) => e.kind),
    ['task', 'status-update', 'artifact-update', 'artifact-update', 'artifact-update', 'artifact-update',
      'artifact-update', 'status-update']);
  assert.deepEqual(r.events.filter((e) => e.kind === 'artifact-update').map((e) => e.text),
    ['chunk 1', 'chunk 2', 'chunk 3', 'chunk 4', 'chunk 5']);
  assert.equal(r.events.at(-1).state, 'completed');
  assert.deepEqual(r.events.map((e) => e.final), [false, false, false, false, false, false, false, true]);
  assert.equal(new Set(r.events.map((e) => e.taskId)).size, 1);
  assert.equal(r.task, 'completed');
  assert.equal(r.abort.name, 'AbortError', JSON.stringify(r.abort));
  assert.ok(r.abort.isDOMException);
  assert.equal(r.abort.seen, 3);
  assert.ok(r.abort.ms < 200, `rejected ${r.abort.ms} ms after abort()`);
  assert.equal(r.unreachable.name, 'TransportError');
  assert.ok(r.unreachable.isClass);
  assert.ok(r.unreachable.message.includes(`http://127.0.0.1:${closedPort}/.well-known/agent-card.json`), r.unreachable.message);
}

test('A2AClient on the page: connect, send, stream, getTask, abort, unreachable', () => {
  assert.match(results.userAgent, /Chrome\//);
  checkScenario(results.page, 'page');
});

test('A2AClient in a module Worker: the same', () => {
  checkScenario(results.worker, 'worker');
});

test('the browser logged nothing unexpected', () => {
  // Expected: the two aborted streams and the two refused connections to the closed port.
  const unexpected = problems.filter((p) => !p.includes(`127.0.0.1:${closedPort}/`)
    && !/requestfailed: .*\/agent\/a2a\/jsonrpc( |$)/.test(p) && !/net::ERR_CONNECTION_REFUSED/.test(p));
  assert.deepEqual(unexpected, []);
});
