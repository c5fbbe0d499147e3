// The Python A2A client (ruvector.A2AClient) inside Pyodide under Node: the one Python client over
// the wasm core's handles and a fetch transport, against the @a2a-js/sdk peer and hostile servers.
//
// Run: node --test tests/pyodide/a2a.test.mjs   (or tests/pyodide/run.sh)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadPyodide } from 'pyodide';
import { loadRuvector } from '@ruvector/sdk/pyodide';

import { caseOptions } from '../a2a_peers/case_options.mjs';
import { assertCaseOutcome, loadCases, startCasePeers } from '../a2a_peers/case_peers.mjs';
import { startPeer } from '../a2a_peers/launch.mjs';
import { wheelOptions } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function pyodideWithRuvector() {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  return pyodide;
}

test('A2AClient in Pyodide streams from the JS SDK peer and maps errors', { timeout: 120_000 }, async () => {
  const peer = await startPeer('js');
  const hostile = await startPeer('hostile', ['--mode', 'jsonrpc-error']);
  try {
    const pyodide = await pyodideWithRuvector();
    pyodide.globals.set('PEER', peer.url);
    pyodide.globals.set('HOSTILE', hostile.url);
    const out = await pyodide.runPythonAsync(`
import asyncio, json, sys
import ruvector as rv

async def main():
    lines = [sys.platform]
    async with rv.A2AClient.connect(PEER) as client:
        lines.append(f"{client.name} {client.protocol_version} verified={client.card_verified}")
        reply = await client.send("echo from pyodide")
        lines.append(f"{reply.kind}: {reply.text}")
        events = [e async for e in client.stream("count 3")]
        lines.append(" | ".join(f"{e.kind}:{e.state or e.text}" for e in events))
        lines.append(f"final={events[-1].final}")
        task = await client.get_task(events[-1].task_id)
        lines.append(f"get_task {task.state}")
        page = await client.list_tasks()
        lines.append(f"list_tasks {task.task_id in [t.task_id for t in page.tasks]}")
        # Leaving a stream early is fine and aborts it.
        async for e in client.stream("count 50"):
            if e.kind == "artifact-update":
                break
        lines.append("left early")
    try:
        async with rv.A2AClient.connect(HOSTILE) as client:
            await client.send("echo x")
    except rv.ProtocolError as exc:
        lines.append(f"ProtocolError {'-32001' in str(exc)}")
    try:
        await rv.A2AClient.connect(PEER, require_signature=True)
    except rv.CardSignatureInvalid:
        lines.append("CardSignatureInvalid")
    return "\\n".join(lines)

await main()
`);
    const lines = String(out).split('\n');
    assert.equal(lines[0], 'emscripten');
    assert.match(lines[1], / 1\.0 verified=False$/);
    assert.equal(lines[2], 'message: from pyodide');
    assert.equal(lines[3], 'task:submitted | status-update:working | artifact-update:chunk 1 | artifact-update:chunk 2 | '
      + 'artifact-update:chunk 3 | status-update:completed');
    assert.equal(lines[4], 'final=True');
    assert.equal(lines[5], 'get_task completed');
    assert.equal(lines[6], 'list_tasks True');
    assert.equal(lines[7], 'left early');
    assert.equal(lines[8], 'ProtocolError True');
    assert.equal(lines[9], 'CardSignatureInvalid');
  } finally {
    await peer.stop();
    await hostile.stop();
  }
});

// The shared hostile-peer cases (tests/a2a_peers/trust_cases.json, hostile_cases.json), unchanged,
// through ruvector.A2AClient in Pyodide (its fetch transport, the core over the Embind handles):
// the same error classes and whole messages as pytest and node. a2a_cases.py runs them; the
// Chromium worker twin is in browser.test.mjs.
test('the shared hostile-peer cases give the same errors in Pyodide', { timeout: 300_000 }, async () => {
  const cases = await loadCases();
  const peers = await startCasePeers(cases);
  try {
    const resolved = cases.map((c) => ({ ...c, options: caseOptions(c, { jwks: peers.jwks, recorder: peers.recorders[c.mode] ?? '' }) }));
    const pyodide = await pyodideWithRuvector();
    pyodide.FS.mkdirTree('/tmp/ruvector_cases');
    pyodide.FS.writeFile('/tmp/ruvector_cases/a2a_cases.py', await readFile(`${ROOT}tests/pyodide/a2a_cases.py`, 'utf8'));
    pyodide.globals.set('CASES_JSON', JSON.stringify(resolved));
    pyodide.globals.set('URLS_JSON', JSON.stringify(peers.urls));
    const out = await pyodide.runPythonAsync(`
import sys
sys.path.insert(0, "/tmp/ruvector_cases")
import a2a_cases
await a2a_cases.run_cases(CASES_JSON, URLS_JSON)
`);
    const results = JSON.parse(String(out));
    assert.equal(results.length, cases.length);
    for (const [i, c] of cases.entries()) {
      assert.equal(results[i].name, c.name);
      assertCaseOutcome(assert, c, results[i]);
    }
  } finally {
    await peers.stop();
  }
});
