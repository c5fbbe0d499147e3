// Node side of the shared hostile-peer cases (trust_cases.json + hostile_cases.json): loads the
// cases and starts one hostile.py per mode (with its JWKS), plus a port nothing listens on for
// "closed-port". `cors: true` lets a browser page call the peers (hostile.py --cors).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startPeer } from './launch.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));

/** Every case of trust_cases.json, then hostile_cases.json. */
export async function loadCases() {
  const cases = [];
  for (const name of ['trust_cases.json', 'hostile_cases.json']) {
    cases.push(...JSON.parse(await readFile(join(HERE, name), 'utf8')).cases);
  }
  return cases;
}

/** hostile.py's /_stats of the peer at `url`. */
export async function peerStats(url) {
  return (await fetch(`${url}/_stats`)).json();
}

/**
 * {urls: {mode: url}, recorders: {mode: recorder url}, jwks: text, stop()} for the modes of `cases`.
 */
export async function startCasePeers(cases, { cors = false } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ruvector-cases-'));
  const peers = [];
  const stop = async () => {
    await Promise.all(peers.map((p) => p.stop()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const urls = { 'closed-port': `http://127.0.0.1:${server.address().port}` };
    await new Promise((resolve) => server.close(resolve)); // now nothing listens there
    const recorders = {};
    const modes = [...new Set(cases.map((c) => c.mode))].filter((m) => m !== 'closed-port');
    const jwksFile = join(dir, 'jwks.json');
    await Promise.all(modes.map(async (mode) => {
      const peer = await startPeer('hostile', ['--mode', mode, '--jwks-out', jwksFile, ...(cors ? ['--cors'] : [])]);
      peers.push(peer);
      urls[mode] = peer.url;
      recorders[mode] = (await peerStats(peer.url)).recorder ?? '';
    }));
    return { urls, recorders, jwks: await readFile(jwksFile, 'utf8'), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

const SECRETS = ['s3cret-token', 's3cret-key', 's3cret-header'];

/**
 * Asserts what one case gave on some target: `error` is [class name, whole message] or null,
 * `recorded` what the recorder got meanwhile.
 */
export function assertCaseOutcome(assert, c, { error, recorded = [] }) {
  if (c.error === null) {
    assert.equal(error, null, `${c.name}: ${JSON.stringify(error)}`);
  } else {
    assert.ok(error, `${c.name}: expected ${c.error[0]}, it succeeded`);
    assert.equal(error[0], c.error[0], `${c.name}: ${error[0]}: ${error[1]}`);
    assert.match(error[1], new RegExp(c.error[1]), c.name);
  }
  const limits = c.recorded ?? {};
  assert.ok(recorded.length <= (limits.max ?? Infinity), `${c.name}: ${JSON.stringify(recorded)}`);
  assert.ok(recorded.length >= (limits.min ?? 0), `${c.name}: ${JSON.stringify(recorded)}`);
  for (const r of recorded) assert.ok(!SECRETS.some((s) => JSON.stringify(r).includes(s)), JSON.stringify(r));
}
