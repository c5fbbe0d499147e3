// A2AClient (packed @ruvector/sdk) against real A2A servers: the official @a2a-js/sdk (js_peer.mjs,
// v1.0 and signed cards) and the official Python a2a-sdk (py_peer.py, v0.3 by default).
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { A2AClient, A2AError, CardSignatureInvalid, InvalidInput, ProtocolError, TransportError, clearCardCache, init,
  verifyAgentCard } from '@ruvector/sdk';
import { collect, startPeer } from './a2a_runner.mjs';

const peers = {};
before(async () => {
  await init();
  const specs = {
    js: ['js', []],
    py: ['py', []],
    jsEd25519: ['js', ['--sign', 'ed25519'], { jwks: true }],
    pyEs256: ['py', ['--protocol', '1.0', '--sign', 'es256'], { jwks: true }],
    tampered: ['js', ['--sign', 'ed25519', '--tamper'], { jwks: true }],
    token: ['js', ['--token', 's3cret']],
    cached: ['js', ['--card-cache-control', 'max-age=60']],
    revalidated: ['js', ['--card-cache-control', 'no-cache']],
  };
  const started = await Promise.allSettled(Object.entries(specs).map(async ([name, [kind, args, opts]]) => {
    peers[name] = await startPeer(kind, args, opts);
  }));
  const failed = started.filter((s) => s.status === 'rejected');
  if (failed.length) throw failed[0].reason;
});
after(async () => {
  await Promise.all(Object.values(peers).map((p) => p.stop()));
});

function checkCountStream(events, n) {
  const kinds = events.map((e) => e.kind);
  assert.deepEqual(kinds, ['task', 'status-update', ...Array(n).fill('artifact-update'), 'status-update']);
  assert.equal(events[0].state, 'submitted');
  assert.equal(events[1].state, 'working');
  assert.deepEqual(events.slice(2, 2 + n).map((e) => e.text), Array.from({ length: n }, (_, i) => `chunk ${i + 1}`));
  assert.equal(events.at(-1).state, 'completed');
  assert.deepEqual(events.map((e) => e.final), [...Array(n + 2).fill(false), true]);
  const ids = new Set(events.map((e) => e.taskId));
  assert.equal(ids.size, 1);
  assert.match([...ids][0], /^[\w-]{8,}$/);
}

describe('v1.0 against @a2a-js/sdk', () => {
  let client;
  before(async () => { client = await A2AClient.connect(peers.js.url); });
  after(() => client?.close());

  test('connect reads the card and picks the JSON-RPC endpoint', () => {
    assert.equal(client.name, 'ruvector-test-peer-js');
    assert.equal(client.protocolVersion, '1.0');
    assert.equal(client.endpoint, `${peers.js.url}/a2a/jsonrpc`);
    assert.equal(client.cardVerified, false);
    assert.equal(client.card.name, client.name);
    assert.equal(client.streaming, true);
  });

  test('send: echo answers with one final message', async () => {
    const ev = await client.send('echo hello from node');
    assert.equal(ev.kind, 'message');
    assert.equal(ev.text, 'hello from node');
    assert.equal(ev.final, true);
    assert.equal(ev.taskId, null);
    assert.equal(ev.value.role, 'ROLE_AGENT');
  });

  test('events are built by the core once; value is parsed when first read and kept', async () => {
    const events = await collect(client.stream('count 2'));
    const chunk = events.find((e) => e.kind === 'artifact-update');
    assert.deepEqual(Object.keys(chunk), ['kind', 'taskId', 'contextId', 'state', 'text', 'final']);
    const { value } = chunk;
    assert.equal(value.artifact.parts[0].text, 'chunk 1');
    assert.equal(value.taskId, chunk.taskId);
    assert.equal(chunk.value, value);
    assert.deepEqual(JSON.parse(JSON.stringify(chunk)), { kind: 'artifact-update', taskId: chunk.taskId,
      contextId: chunk.contextId, state: null, text: 'chunk 1', final: false, value });
    assert.equal((await client.call('GetTask', { id: chunk.taskId })).state, 'completed');
    assert.ok((await client.call('ListTasks', {})).tasks.some((t) => t.taskId === chunk.taskId));
  });

  test('send a Message object with metadata; a task result', async () => {
    const ev = await client.send({ parts: [{ text: 'plain words' }] }, { metadata: { from: 'test' } });
    assert.equal(ev.kind, 'task');
    assert.equal(ev.state, 'completed');
    assert.match(ev.text, /plain words/);
  });

  let streamedTask;
  test('stream count 5: task, working, five chunks in order, completed (final)', async () => {
    const events = await collect(client.stream('count 5'));
    checkCountStream(events, 5);
    streamedTask = events[0].taskId;
  });

  test('getTask returns the finished task (historyLength honoured)', async () => {
    const ev = await client.getTask(streamedTask, { historyLength: 1 });
    assert.equal(ev.kind, 'task');
    assert.equal(ev.taskId, streamedTask);
    assert.equal(ev.state, 'completed');
    assert.ok((ev.value.history ?? []).length <= 1);
  });

  test('getTask of an unknown id: ProtocolError with the JSON-RPC code (TaskNotFound)', async () => {
    const err = await client.getTask('no-such-task').catch((e) => e);
    assert.ok(err instanceof ProtocolError, String(err));
    assert.equal(err.rpcCode, -32001);
    assert.match(err.message, /-32001/);
  });

  test('cancelTask on a slow task: canceled, and getTask agrees', async () => {
    // returnImmediately: the slow task never ends by itself, so a blocking send would not return.
    const started = await client.send('slow', { configuration: { returnImmediately: true } });
    assert.equal(started.kind, 'task');
    assert.ok(['submitted', 'working'].includes(started.state), started.state);
    const canceled = await client.cancelTask(started.taskId);
    assert.equal(canceled.kind, 'task');
    assert.equal(canceled.taskId, started.taskId);
    assert.equal(canceled.state, 'canceled');
    assert.equal((await client.getTask(started.taskId)).state, 'canceled');
  });

  test('subscribe to a running task gets its remaining events', async () => {
    const iterator = client.stream('count 3 delay 150')[Symbol.asyncIterator]();
    const first = (await iterator.next()).value;
    const subscribed = await collect(client.subscribe(first.taskId));
    await iterator.return();
    assert.ok(subscribed.length >= 1);
    assert.ok(subscribed.every((e) => e.taskId === first.taskId));
    assert.equal(subscribed.at(-1).state, 'completed');
    assert.equal(subscribed.at(-1).final, true);
  });

  test('an aborted send rejects with AbortError', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await client.send('echo x', { signal: controller.signal }).catch((e) => e);
    assert.equal(err.name, 'AbortError');
    assert.ok(err instanceof DOMException);
  });

  test('call() reaches any method by name; unknown names are refused before sending', async () => {
    const ev = await client.call('GetTask', { id: streamedTask });
    assert.equal(ev.taskId, streamedTask);
    const err = await client.call('NoSuchMethod', {}).catch((e) => e);
    assert.ok(err instanceof ProtocolError);
    assert.match(err.message, /unknown A2A method "NoSuchMethod"/);
  });

  test('bad arguments: InvalidInput naming the value', async () => {
    await assert.rejects(client.getTask(''), (e) => e instanceof InvalidInput && /task id/.test(e.message));
    await assert.rejects(client.send(42), (e) => e instanceof InvalidInput && /got number/.test(e.message));
    await assert.rejects(A2AClient.connect(peers.js.url, { connectTimeoutMs: -1 }),
      (e) => e instanceof InvalidInput && /connectTimeoutMs .* got -1/.test(e.message));
    await assert.rejects(A2AClient.connect(peers.js.url, { bogus: 1 }),
      (e) => e instanceof InvalidInput && /option "bogus" is unknown/.test(e.message));
  });
});

describe('listTasks', () => {
  test('lists the tasks of a context (or the peer says it does not support it)', async () => {
    const client = await A2AClient.connect(peers.js.url);
    try {
      const task = await client.send('list me');
      let listed;
      try {
        listed = await client.listTasks({ contextId: task.contextId });
      } catch (err) {
        // @a2a-js/sdk may not implement ListTasks: then it must be a clear JSON-RPC error.
        assert.ok(err instanceof ProtocolError, String(err));
        assert.equal(err.rpcCode, -32601, err.message);
        return;
      }
      assert.ok(Array.isArray(listed.tasks));
      assert.ok(listed.tasks.some((t) => t.taskId === task.taskId), JSON.stringify(listed));
    } finally {
      client.close();
    }
  });
});

describe('v0.3 against the Python a2a-sdk', () => {
  test('the 0.3 card and endpoint: send, stream, getTask', async () => {
    const client = await A2AClient.connect(peers.py.url);
    try {
      assert.equal(client.protocolVersion, '0.3');
      assert.equal(client.name, 'ruvector-test-peer-py');
      assert.equal((await client.send('echo zero three')).text, 'zero three');
      const events = await collect(client.stream('count 4'));
      checkCountStream(events, 4);
      assert.equal((await client.getTask(events[0].taskId)).state, 'completed');
    } finally {
      client.close();
    }
  });
});

describe('card signatures', () => {
  test('Ed25519-signed card (jose) verifies with the written JWKS', async () => {
    const client = await A2AClient.connect(peers.jsEd25519.url, { trustedKeys: peers.jsEd25519.jwks, requireSignature: true });
    try {
      assert.equal(client.cardVerified, true);
      assert.equal(client.cardKeyId, JSON.parse(peers.jsEd25519.jwks).keys[0].kid);
      assert.equal((await client.send('echo signed')).text, 'signed');
    } finally {
      client.close();
    }
  });

  test('ES256-signed card (joserfc, Python) verifies; JWKS passed as an object', async () => {
    const keys = JSON.parse(peers.pyEs256.jwks);
    const client = await A2AClient.connect(peers.pyEs256.url, { trustedKeys: keys });
    try {
      assert.equal(client.cardVerified, true);
      assert.equal(client.cardKeyId, keys.keys[0].kid);
    } finally {
      client.close();
    }
  });

  test('verifyAgentCard on the fetched card text', async () => {
    const text = await (await fetch(`${peers.jsEd25519.url}/.well-known/agent-card.json`)).text();
    const v = verifyAgentCard(text, peers.jsEd25519.jwks);
    assert.deepEqual(v, { verified: true, kid: JSON.parse(peers.jsEd25519.jwks).keys[0].kid, alg: 'EdDSA' });
    assert.throws(() => verifyAgentCard(text.replace('"name":"', '"name":"x'), peers.jsEd25519.jwks),
      CardSignatureInvalid);
  });

  test('a card changed after signing: CardSignatureInvalid', async () => {
    const err = await A2AClient.connect(peers.tampered.url, { trustedKeys: peers.tampered.jwks }).catch((e) => e);
    assert.ok(err instanceof CardSignatureInvalid, String(err));
    assert.ok(err instanceof A2AError);
    assert.match(err.message, /does not verify/);
  });

  test('requireSignature on an unsigned card: CardSignatureInvalid', async () => {
    const err = await A2AClient.connect(peers.js.url, { requireSignature: true }).catch((e) => e);
    assert.ok(err instanceof CardSignatureInvalid, String(err));
    assert.match(err.message, /sign/i);
  });

  test('a signed card without trusted keys connects unverified', async () => {
    const client = await A2AClient.connect(peers.jsEd25519.url);
    assert.equal(client.cardVerified, false);
    client.close();
  });
});

describe('auth and transport', () => {
  test('bearerToken is sent and accepted', async () => {
    const good = await A2AClient.connect(peers.token.url, { bearerToken: 's3cret' });
    assert.equal((await good.send('echo authorized')).text, 'authorized');
    good.close();
  });

  test('without the token the peer answers 401 -> TransportError naming the status', async () => {
    const bad = await A2AClient.connect(peers.token.url);
    const err = await bad.send('echo x').catch((e) => e);
    bad.close();
    assert.ok(err instanceof TransportError, String(err));
    assert.match(err.message, /401/);
  });

  test('an injected fetch sees every request; headers option is sent', async () => {
    const seen = [];
    const client = await A2AClient.connect(peers.js.url, {
      headers: { 'X-Trace': 'abc' },
      fetch: (url, init) => { seen.push([String(url), new Headers(init.headers).get('x-trace')]); return fetch(url, init); },
    });
    await client.send('echo traced');
    client.close();
    assert.ok(seen.some(([u]) => u.endsWith('/.well-known/agent-card.json')), JSON.stringify(seen));
    assert.ok(seen.some(([u, h]) => u.endsWith('/a2a/jsonrpc') && h === 'abc'), JSON.stringify(seen));
  });

  test('nothing listening: TransportError naming the URL, promptly', async () => {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve)); // now nothing listens there
    const start = performance.now();
    const err = await A2AClient.connect(`http://127.0.0.1:${port}/`).catch((e) => e);
    assert.ok(err instanceof TransportError, String(err));
    assert.equal(err.message, `cannot connect to http://127.0.0.1:${port}/.well-known/agent-card.json`);
    assert.match(err.cause.message, /ECONNREFUSED/); // fetch's own words stay as the cause
    assert.ok(performance.now() - start < 5000);
  });

  test('close() rejects a request in flight with AbortError, and later use throws', async () => {
    const client = await A2AClient.connect(peers.js.url);
    const pending = collect(client.stream('count 3 delay 1000'));
    await new Promise((r) => setTimeout(r, 100));
    client.close();
    const err = await pending.catch((e) => e);
    assert.equal(err.name, 'AbortError');
    await assert.rejects(client.send('echo x'), /disposed/);
  });
});

// A fetch that records what the client asks for and can rewrite answers.
function recordingFetch(rewrite = (url, init, response) => response) {
  const calls = [];
  const fn = async (url, init) => {
    const headers = new Headers(init.headers);
    calls.push({ url: String(url), headers });
    return rewrite(String(url), init, await fetch(url, init));
  };
  return { calls, fn };
}

describe('discovery and the card cache', () => {
  test('Cache-Control max-age: a second connect takes the card from the cache', async () => {
    clearCardCache();
    const f = recordingFetch();
    (await A2AClient.connect(peers.cached.url, { fetch: f.fn })).close();
    (await A2AClient.connect(peers.cached.url, { fetch: f.fn })).close();
    assert.equal(f.calls.filter((c) => c.url.endsWith('/agent-card.json')).length, 1);
  });

  test('no-cache: a second connect revalidates with If-None-Match and takes the 304', async () => {
    clearCardCache();
    const statuses = [];
    const f = recordingFetch((url, init, response) => { statuses.push(response.status); return response; });
    (await A2AClient.connect(peers.revalidated.url, { fetch: f.fn })).close();
    const again = await A2AClient.connect(peers.revalidated.url, { fetch: f.fn });
    assert.equal(again.name, 'ruvector-test-peer-js');
    again.close();
    const cards = f.calls.filter((c) => c.url.endsWith('/agent-card.json'));
    assert.equal(cards.length, 2);
    assert.equal(cards[0].headers.get('if-none-match'), null);
    assert.match(cards[1].headers.get('if-none-match') ?? '', /^".+"$/);
    assert.deepEqual(statuses, [200, 304]);
  });

  test('agent-card.json answering 404: falls back to agent.json', async () => {
    clearCardCache();
    const f = recordingFetch((url, init, response) => (url.endsWith('/agent-card.json')
      ? new Response('not here', { status: 404 }) : response));
    const client = await A2AClient.connect(peers.js.url, { fetch: f.fn });
    assert.equal(client.name, 'ruvector-test-peer-js');
    client.close();
    assert.deepEqual(f.calls.map((c) => new URL(c.url).pathname), ['/.well-known/agent-card.json', '/.well-known/agent.json']);
  });

  test('neither card found: TransportError naming the status and the URL', async () => {
    clearCardCache();
    const err = await A2AClient.connect(peers.js.url, { fetch: async () => new Response('gone', { status: 404 }) })
      .catch((e) => e);
    assert.ok(err instanceof TransportError, String(err));
    assert.ok(err.message.includes(`HTTP 404`) && err.message.includes(`${peers.js.url}/.well-known/agent.json`), err.message);
  });
});

describe('resubscribe', () => {
  test('a stream cut after two events resumes with SubscribeToTask and still ends completed', async () => {
    // The first stream response is cut by erroring its body after its second chunk; the retry
    // (SubscribeToTask) passes through untouched.
    let cut = 0;
    const methods = [];
    const f = recordingFetch((url, init, response) => {
      if (!url.endsWith('/a2a/jsonrpc')) return response;
      methods.push(JSON.parse(init.body).method);
      if (cut++ > 0) return response;
      const reader = response.body.getReader();
      let chunks = 0;
      const body = new ReadableStream({
        async pull(controller) {
          if (chunks++ === 2) {
            await reader.cancel();
            controller.error(new TypeError('connection reset (simulated)'));
            return;
          }
          const { done, value } = await reader.read();
          if (done) controller.close();
          else controller.enqueue(value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    });
    const client = await A2AClient.connect(peers.js.url, { fetch: f.fn });
    try {
      const events = await collect(client.stream('count 4 delay 100'));
      assert.deepEqual(methods, ['SendStreamingMessage', 'SubscribeToTask']);
      assert.equal(events.at(-1).state, 'completed');
      assert.equal(events.at(-1).final, true);
      assert.equal(new Set(events.map((e) => e.taskId)).size, 1);
      const chunks = events.filter((e) => e.kind === 'artifact-update').map((e) => e.text);
      assert.ok(chunks.includes('chunk 4'), JSON.stringify(chunks));
    } finally {
      client.close();
    }
  });
});

