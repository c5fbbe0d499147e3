// The shared hostile-peer cases, JS side: tests/a2a_peers/trust_cases.json (issue 9 item 5; fetch
// uses redirect: 'manual', the core decides, and the recorder, a second origin inside hostile.py,
// shows whether any credential left) and hostile_cases.json (issue 13 item 1), the same lists
// pytest runs: the same error class and whole message on every target.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as sdk from '@ruvector/sdk';
import { REPO_ROOT, startPeer, stats } from './a2a_runner.mjs';

const CASES = [];
for (const name of ['trust_cases.json', 'hostile_cases.json']) {
  CASES.push(...JSON.parse(await readFile(join(REPO_ROOT, 'tests/a2a_peers', name), 'utf8')).cases);
}
const SECRETS = ['s3cret-token', 's3cret-key', 's3cret-header'];
const peers = {};

before(async () => {
  await sdk.init();
  const modes = [...new Set(CASES.map((c) => c.mode))].filter((m) => m !== 'closed-port');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const closed = `http://127.0.0.1:${server.address().port}`;
  await new Promise((resolve) => server.close(resolve)); // now nothing listens there
  peers['closed-port'] = { url: closed, stop: async () => {} };
  const started = await Promise.allSettled(modes.map(async (mode) => {
    peers[mode] = await startPeer('hostile', ['--mode', mode], { jwks: true });
  }));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
});
after(async () => {
  await Promise.all(Object.values(peers).map((p) => p.stop()));
});

const recordedBy = async (peer) => (peer.url === peers['closed-port'].url ? [] : (await stats(peer.url)).recorded ?? []);

async function options(caseOptions, peer) {
  const out = {};
  for (const [key, value] of Object.entries(caseOptions)) {
    if (value === '$JWKS') out[key] = peer.jwks;
    else if (Array.isArray(value)) {
      const { recorder } = await stats(peer.url);
      out[key] = value.map((v) => (v === '$RECORDER_HTTPS' ? recorder.replace('http://', 'https://') : v));
    } else out[key] = value;
  }
  return out;
}

async function run(c, url, opts) {
  const client = await sdk.A2AClient.connect(url, opts);
  try {
    if (c.op === 'send') assert.equal((await client.send('echo trust')).text, 'trust');
    else if (c.op === 'stream') for await (const _ of client.stream('count 2')); // eslint-disable-line no-unused-vars
  } finally {
    client.close();
  }
}

describe('shared hostile-peer cases (tests/a2a_peers/*_cases.json)', () => {
  for (const c of CASES) {
    test(c.name, async () => {
      const peer = peers[c.mode];
      const before = await recordedBy(peer);
      const opts = await options(c.options, peer);
      if (c.error === null) {
        await run(c, peer.url, opts);
      } else {
        const [name, pattern] = c.error;
        const err = await run(c, peer.url, opts).then(() => null, (e) => e);
        assert.ok(err instanceof sdk[name], `expected ${name}, got ${err}`);
        assert.equal(err.name, name);
        assert.match(err.message, new RegExp(pattern));
      }
      const recorded = (await recordedBy(peer)).slice(before.length);
      const limits = c.recorded ?? {};
      assert.ok(recorded.length <= (limits.max ?? Infinity), JSON.stringify(recorded));
      assert.ok(recorded.length >= (limits.min ?? 0), JSON.stringify(recorded));
      for (const r of recorded) assert.ok(!SECRETS.some((s) => JSON.stringify(r).includes(s)), JSON.stringify(r));
    });
  }
});
