// The Python A2A client (ruvector.A2AClient) inside Pyodide under Node: the async API on top of the
// JS SDK's client (same C++ core in wasm, fetch), against the @a2a-js/sdk peer and a hostile server.
//
// Run: node --test tests/pyodide/a2a.test.mjs   (or tests/pyodide/run.sh)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadPyodide } from 'pyodide';
import { loadRuvector } from '@ruvector/sdk/pyodide';

import { startPeer } from '../a2a_peers/launch.mjs';
import { locateWheel } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function pyodideWithRuvector() {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, { wheel: locateWheel() });
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
// through ruvector.A2AClient in Pyodide: the same error classes and whole messages as pytest and node.
test('the shared hostile-peer cases give the same errors in Pyodide', { timeout: 300_000 }, async () => {
  const { readFile } = await import('node:fs/promises');
  const { createServer } = await import('node:net');
  const cases = [];
  for (const name of ['trust_cases.json', 'hostile_cases.json']) {
    cases.push(...JSON.parse(await readFile(`${ROOT}tests/a2a_peers/${name}`, 'utf8')).cases);
  }
  const peers = {};
  const modes = [...new Set(cases.map((c) => c.mode))].filter((m) => m !== 'closed-port');
  try {
    for (const mode of modes) peers[mode] = await startPeer('hostile', ['--mode', mode]);
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${server.address().port}`;
    await new Promise((resolve) => server.close(resolve));
    const urls = { 'closed-port': closed };
    const recorders = {};
    for (const mode of modes) {
      urls[mode] = peers[mode].url;
      recorders[mode] = (await (await fetch(`${peers[mode].url}/_stats`)).json()).recorder ?? '';
    }
    // The bad-signature key of hostile.py (RFC 8032 TEST 1), as its --jwks-out writes it.
    const jwks = JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      kid: 'hostile-ed25519', alg: 'EdDSA', use: 'sig' }] });
    const pyodide = await pyodideWithRuvector();
    pyodide.globals.set('CASES_JSON', JSON.stringify(cases));
    pyodide.globals.set('URLS_JSON', JSON.stringify(urls));
    pyodide.globals.set('RECORDERS_JSON', JSON.stringify(recorders));
    pyodide.globals.set('JWKS', jwks);
    const out = await pyodide.runPythonAsync(`
import json
import ruvector as rv

KEYWORDS = {"bearerToken": "bearer_token", "apiKey": "api_key", "headers": "headers",
            "trustedKeys": "trusted_keys", "requireSignature": "require_signature",
            "credentialOrigins": "credential_origins", "maxResubscribes": "max_resubscribes",
            "readTimeoutMs": "read_timeout"}

async def run(case, url, kwargs):
    async with rv.A2AClient.connect(url, **kwargs) as client:
        if case["op"] == "send":
            assert (await client.send("echo trust")).text == "trust"
        elif case["op"] == "stream":
            async for _ in client.stream("count 2"):
                pass

async def main():
    urls, recorders, results = json.loads(URLS_JSON), json.loads(RECORDERS_JSON), []
    for case in json.loads(CASES_JSON):
        kwargs = {}
        for key, value in case["options"].items():
            if value == "$JWKS":
                value = JWKS
            elif isinstance(value, list):
                value = [recorders[case["mode"]].replace("http://", "https://") if v == "$RECORDER_HTTPS" else v
                         for v in value]
            kwargs[KEYWORDS[key]] = value / 1000 if key.endswith("Ms") else value
        try:
            await run(case, urls[case["mode"]], kwargs)
            results.append([case["name"], None, None])
        except rv.RuVectorError as exc:
            results.append([case["name"], type(exc).__name__, str(exc)])
    return json.dumps(results)

await main()
`);
    const results = JSON.parse(String(out));
    assert.equal(results.length, cases.length);
    for (const [i, c] of cases.entries()) {
      const [name, cls, message] = results[i];
      assert.equal(name, c.name);
      if (c.error === null) {
        assert.equal(cls, null, `${c.name}: ${cls}: ${message}`);
      } else {
        assert.equal(cls, c.error[0], `${c.name}: ${cls}: ${message}`);
        assert.match(message, new RegExp(c.error[1]), c.name);
      }
    }
  } finally {
    await Promise.all(Object.values(peers).map((p) => p.stop()));
  }
});
