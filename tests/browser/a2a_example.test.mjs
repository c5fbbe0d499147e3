// The A2A browser example (examples/a2a_browser/) in Debian Chromium: the page streams `count 10`
// from a real A2A agent (tests/a2a_peers/js_peer.mjs behind serve.mjs's /agent proxy) and renders
// every event; then a slow message is stopped with the Stop button. The assertions read the rendered
// page, as a user would see it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';
import { startPeer } from '../a2a_peers/launch.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let peer;
before(async () => { peer = await startPeer('js'); });
after(() => peer?.stop());

test('examples/a2a_browser streams count 10 into the page, and Stop aborts a stream', { timeout: 60_000 }, async () => {
  const session = await openChromium(ROOT, { serveArgs: ['--agent', peer.url] });
  const { page, problems } = session;
  try {
    await page.goto(session.url('/examples/a2a_browser/'));
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]');
    const status = await page.textContent('#status');
    assert.match(status, /^done: 13 events in \d+ ms, task completed$/, `${status}\n${problems.join('\n')}`);
    assert.equal(await page.textContent('[data-card="agent"]'), 'ruvector-test-peer-js');
    assert.equal(await page.textContent('[data-card="protocol"]'), '1.0');
    assert.equal(await page.textContent('#answer'), Array.from({ length: 10 }, (_, i) => `chunk ${i + 1}`).join('\n'));
    const rows = await page.$$eval('#events li', (lis) => lis.map((li) => [li.querySelector('.kind').textContent, li.dataset.final === 'true']));
    assert.equal(rows.length, 13);
    assert.deepEqual(rows[0], ['task', false]);
    assert.deepEqual(rows.at(-1), ['status-update', true]);
    assert.equal(rows.filter(([kind]) => kind === 'artifact-update').length, 10);

    // A slow stream, stopped by the user after a few events.
    await page.fill('#message', 'count 50 delay 100');
    await page.click('#ask button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#events li').length >= 4);
    await page.click('#stop');
    await page.waitForSelector('body[data-state="stopped"], body[data-state="error"]');
    assert.match(await page.textContent('#status'), /^stopped after \d+ events$/);
    const example = await page.evaluate(() => window.example);
    assert.ok(example.events.length >= 4 && example.events.length < 52, `${example.events.length} events`);
    assert.equal(example.runs, 2);
  } catch (err) {
    err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await session.close();
  }
  // The stopped stream is an aborted request; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !/^requestfailed: .*\/agent\/a2a\/jsonrpc( |$)/.test(p)), []);
});
