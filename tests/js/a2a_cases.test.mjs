// The shared hostile-peer cases, JS side: tests/a2a_peers/trust_cases.json (issue 9 item 5; fetch
// uses redirect: 'manual', the core decides, and the recorder, a second origin inside hostile.py,
// shows whether any credential left) and hostile_cases.json (issue 13 item 1), the same lists
// pytest, Pyodide and the Chromium workers run: the same error class and whole message everywhere.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as sdk from '@ruvector/sdk';
import { REPO_ROOT } from './a2a_runner.mjs';

const peersDir = join(REPO_ROOT, 'tests/a2a_peers');
const { caseOptions } = await import(pathToFileURL(join(peersDir, 'case_options.mjs')).href);
const { assertCaseOutcome, loadCases, peerStats, startCasePeers } =
  await import(pathToFileURL(join(peersDir, 'case_peers.mjs')).href);

const CASES = await loadCases();
let peers;

before(async () => {
  await sdk.init();
  peers = await startCasePeers(CASES);
});
after(async () => {
  await peers?.stop();
});

const recordedBy = async (mode) => (mode === 'closed-port' ? [] : (await peerStats(peers.urls[mode])).recorded ?? []);

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
      const before = await recordedBy(c.mode);
      const opts = caseOptions(c, { jwks: peers.jwks, recorder: peers.recorders[c.mode] ?? '' });
      const err = await run(c, peers.urls[c.mode], opts).then(() => null, (e) => e);
      if (err !== null) assert.ok(err instanceof sdk[err.name], `${err.name} is not the SDK's class of that name: ${err}`);
      const recorded = (await recordedBy(c.mode)).slice(before.length);
      assertCaseOutcome(assert, c, { error: err && [err.name, err.message], recorded });
    });
  }
});
