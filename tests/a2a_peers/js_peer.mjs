#!/usr/bin/env node
// A real A2A server for interop tests: the official @a2a-js/sdk (DefaultRequestHandler + the
// Express JSON-RPC transport) on 127.0.0.1, ephemeral port. Prints `READY http://127.0.0.1:<port>`
// once it accepts connections. Test fixture only: it is not part of the shipped package.
//
// Agent behaviour (user message text):
//   count N [delay MS]  Task (submitted), status "working", N artifact-update events (text
//                       "chunk 1".."chunk N", one artifact, append after the first, lastChunk on the
//                       last), then status "completed". MS (default 0) is slept before each event
//                       after the Task.
//   echo X              one Message whose text is X (no task).
//   slow                Task, status "working", then nothing until the task is canceled.
//   anything else       Task, one artifact whose text echoes the input, status "completed".
//
// Flags:
//   --protocol 1.0|0.3|both   what the card advertises (default 1.0). The JSON-RPC endpoint always
//                             answers v1.0; 0.3 and both enable the SDK's v0.3 compat layer, and 0.3
//                             serves a v0.3-layout card (url, preferredTransport, protocolVersion).
//   --sign ed25519|es256|none card signature (default none): JWS (jose) with detached payload over
//                             the RFC 8785 form (canonicalize) of the served card minus `signatures`.
//   --jwks-out PATH           writes the public JWKS (with kid) there.
//   --tamper                  changes the card's description after signing.
//   --card-cache-control V    Cache-Control value of the card response (an ETag is always sent).
//   --token T                 JSON-RPC calls need `Authorization: Bearer T` (401 otherwise).
//   --api-key K               JSON-RPC calls need `X-API-Key: K` (401 otherwise).
// The card itself is public (spec: discovery precedes authentication); it declares the schemes.
//
// The peer exits when its parent goes away: on EOF of a piped stdin and when it is re-parented.
import { createHash, randomUUID } from 'node:crypto';
import { writeFileSync, fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { AgentCard as AgentCardCodec } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
} from '@a2a-js/sdk/server';
import { jsonRpcHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import canonicalize from 'canonicalize';
import express from 'express';
import * as jose from 'jose';

const RPC_PATH = '/a2a/jsonrpc';
const CARD_PATHS = ['/.well-known/agent-card.json', '/.well-known/agent.json'];

function fail(message) {
  process.stderr.write(`js_peer: ${message}\n`);
  process.exit(2);
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        protocol: { type: 'string', default: '1.0' },
        sign: { type: 'string', default: 'none' },
        'jwks-out': { type: 'string' },
        tamper: { type: 'boolean', default: false },
        'card-cache-control': { type: 'string' },
        token: { type: 'string' },
        'api-key': { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err.message);
  }
  if (!['1.0', '0.3', 'both'].includes(values.protocol)) {
    fail(`--protocol must be 1.0, 0.3 or both, got ${JSON.stringify(values.protocol)}`);
  }
  if (!['ed25519', 'es256', 'none'].includes(values.sign)) {
    fail(`--sign must be ed25519, es256 or none, got ${JSON.stringify(values.sign)}`);
  }
  if (values.tamper && values.sign === 'none') fail('--tamper needs --sign ed25519|es256');
  if (values['jwks-out'] && values.sign === 'none') fail('--jwks-out needs --sign ed25519|es256');
  return values;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function textPart(text) {
  return { content: { $case: 'text', value: text }, metadata: undefined, filename: '', mediaType: 'text/plain' };
}

function agentMessage(text, taskId = '', contextId = '') {
  return {
    messageId: randomUUID(),
    contextId,
    taskId,
    role: 2, // ROLE_AGENT
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

function statusUpdate(taskId, contextId, state) {
  return AgentEvent.statusUpdate({
    taskId,
    contextId,
    status: { state, message: undefined, timestamp: new Date().toISOString() },
    metadata: undefined,
  });
}

function artifactUpdate(taskId, contextId, artifactId, text, append, lastChunk) {
  return AgentEvent.artifactUpdate({
    taskId,
    contextId,
    artifact: { artifactId, name: 'result', description: '', parts: [textPart(text)], metadata: undefined, extensions: [] },
    append,
    lastChunk,
    metadata: undefined,
  });
}

const State = { SUBMITTED: 1, WORKING: 2, COMPLETED: 3, CANCELED: 5 };

// `count N [delay MS]` with N and MS non-negative integers; anything else is not a count command.
function parseCount(text) {
  const m = /^count\s+(\d+)(?:\s+delay\s+(\d+))?\s*$/.exec(text);
  return m ? { n: Number(m[1]), delayMs: m[2] === undefined ? 0 : Number(m[2]) } : null;
}

class TestAgentExecutor {
  constructor() {
    // taskId -> resolve function of the cancellation promise of a running execution.
    this.cancellations = new Map();
    // taskId -> contextId, so that the canceled status update names the task's context.
    this.contexts = new Map();
  }

  async execute(ctx, bus) {
    const text = ctx.userMessage.parts
      .filter((p) => p.content?.$case === 'text')
      .map((p) => p.content.value)
      .join('')
      .trim();
    const { taskId, contextId } = ctx;
    this.contexts.set(taskId, contextId);
    if (text.startsWith('echo ')) {
      bus.publish(AgentEvent.message(agentMessage(text.slice(5), '', contextId)));
      bus.finished();
      return;
    }
    let canceled = false;
    const canceledPromise = new Promise((resolve) => {
      this.cancellations.set(taskId, () => {
        canceled = true;
        resolve();
      });
    });
    try {
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: { state: State.SUBMITTED, message: undefined, timestamp: new Date().toISOString() },
          artifacts: [],
          history: [ctx.userMessage],
          metadata: undefined,
        }),
      );
      const count = parseCount(text);
      const delayMs = count ? count.delayMs : 0;
      const step = async () => {
        if (delayMs > 0) await Promise.race([sleep(delayMs), canceledPromise]);
        return !canceled;
      };
      if (!(await step())) return;
      bus.publish(statusUpdate(taskId, contextId, State.WORKING));
      if (text === 'slow') {
        await canceledPromise; // cancelTask publishes the final event
        return;
      }
      const artifactId = randomUUID();
      if (count) {
        for (let i = 1; i <= count.n; i++) {
          if (!(await step())) return;
          bus.publish(artifactUpdate(taskId, contextId, artifactId, `chunk ${i}`, i > 1, i === count.n));
        }
      } else {
        bus.publish(artifactUpdate(taskId, contextId, artifactId, text, false, true));
      }
      if (!(await step())) return;
      bus.publish(statusUpdate(taskId, contextId, State.COMPLETED));
      bus.finished();
    } finally {
      this.cancellations.delete(taskId);
    }
  }

  async cancelTask(taskId, bus) {
    const cancel = this.cancellations.get(taskId);
    if (cancel) cancel();
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId: this.contexts.get(taskId) ?? '',
        status: { state: State.CANCELED, message: undefined, timestamp: new Date().toISOString() },
        metadata: undefined,
      }),
    );
    bus.finished();
  }
}

// ---- cards -------------------------------------------------------------------------------------

function securityParts(opts) {
  const v1 = { schemes: {}, requirements: [] };
  const v03 = { schemes: {}, security: [] };
  if (opts.token !== undefined) {
    v1.schemes.bearer = { httpAuthSecurityScheme: { scheme: 'Bearer' } };
    v1.requirements.push({ schemes: { bearer: {} } });
    v03.schemes.bearer = { type: 'http', scheme: 'bearer' };
    v03.security.push({ bearer: [] });
  }
  if (opts['api-key'] !== undefined) {
    v1.schemes.apiKey = { apiKeySecurityScheme: { location: 'header', name: 'X-API-Key' } };
    v1.requirements.push({ schemes: { apiKey: {} } });
    v03.schemes.apiKey = { type: 'apiKey', in: 'header', name: 'X-API-Key' };
    v03.security.push({ apiKey: [] });
  }
  return { v1, v03 };
}

const SKILL = {
  id: 'test-stream',
  name: 'Test stream',
  description: 'count N [delay MS] | echo X | slow | anything else is echoed as an artifact',
  tags: ['test'],
  examples: ['count 3', 'echo hello', 'slow'],
};

// The v1.0 card as JSON (ProtoJSON names, no default-valued members so that the SDK's own
// AgentCard.fromJSON/toJSON round trip leaves it unchanged).
function v1Card(base, opts, versions) {
  const { v1 } = securityParts(opts);
  const card = {
    name: 'ruvector-test-peer-js',
    description: 'A2A test peer (@a2a-js/sdk) for ruvector interop tests',
    supportedInterfaces: versions.map((protocolVersion) => ({
      url: base + RPC_PATH,
      protocolBinding: 'JSONRPC',
      protocolVersion,
    })),
    provider: { url: 'https://example.invalid/ruvector', organization: 'ruvector tests' },
    version: '1.0.0',
    capabilities: { streaming: true, pushNotifications: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [SKILL],
  };
  if (v1.requirements.length) {
    card.securitySchemes = v1.schemes;
    card.securityRequirements = v1.requirements;
  }
  return card;
}

function v03Card(base, opts) {
  const { v03 } = securityParts(opts);
  const card = {
    protocolVersion: '0.3.0',
    name: 'ruvector-test-peer-js',
    description: 'A2A test peer (@a2a-js/sdk, v0.3 compat) for ruvector interop tests',
    url: base + RPC_PATH,
    preferredTransport: 'JSONRPC',
    additionalInterfaces: [{ url: base + RPC_PATH, transport: 'JSONRPC' }],
    provider: { url: 'https://example.invalid/ruvector', organization: 'ruvector tests' },
    version: '1.0.0',
    capabilities: { streaming: true, pushNotifications: false, stateTransitionHistory: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [SKILL],
  };
  if (v03.security.length) {
    card.securitySchemes = v03.schemes;
    card.security = v03.security;
  }
  return card;
}

// Signs `card` (a JSON object without `signatures`): JWS with detached payload (A2A v1.0 §8.4):
// protected header {alg, typ: "JOSE", kid}, payload = RFC 8785 canonical JSON of the card.
async function signCard(card, algorithm) {
  const alg = algorithm === 'ed25519' ? 'EdDSA' : 'ES256';
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { crv: algorithm === 'ed25519' ? 'Ed25519' : undefined, extractable: true });
  const jwk = await jose.exportJWK(publicKey);
  const kid = `js-peer-${algorithm}-${(await jose.calculateJwkThumbprint(jwk)).slice(0, 16)}`;
  const payload = new TextEncoder().encode(canonicalize(card));
  const jws = await new jose.FlattenedSign(payload).setProtectedHeader({ alg, typ: 'JOSE', kid }).sign(privateKey);
  const signed = { ...card, signatures: [{ protected: jws.protected, signature: jws.signature }] };
  return { signed, jwks: { keys: [{ ...jwk, kid, alg, use: 'sig' }] } };
}

function requireAuth(opts) {
  return (req, res, next) => {
    if (opts.token !== undefined && req.get('authorization') !== `Bearer ${opts.token}`) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'missing or wrong bearer token' });
      return;
    }
    if (opts['api-key'] !== undefined && req.get('x-api-key') !== opts['api-key']) {
      res.status(401).json({ error: 'missing or wrong X-API-Key' });
      return;
    }
    next();
  };
}

function exitWithParent() {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(0);
  }, 500).unref();
  let piped = false;
  try {
    const st = fstatSync(0);
    piped = st.isFIFO() || st.isSocket();
  } catch {
    piped = false;
  }
  if (piped) {
    process.stdin.on('data', () => {});
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  exitWithParent();
  const app = express();
  const server = await new Promise((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  const base = `http://127.0.0.1:${server.address().port}`;

  const versions = { '1.0': ['1.0'], '0.3': ['0.3'], both: ['1.0', '0.3'] }[opts.protocol];
  // The request handler always gets a v1.0 card; the compat layer wants a 0.3 interface in it.
  const handlerCardJson = v1Card(base, opts, versions);
  const handlerCard = AgentCardCodec.fromJSON(handlerCardJson);
  let served = opts.protocol === '0.3' ? v03Card(base, opts) : handlerCardJson;
  if (opts.sign !== 'none') {
    const { signed, jwks } = await signCard(served, opts.sign);
    served = signed;
    if (opts['jwks-out']) writeFileSync(opts['jwks-out'], `${JSON.stringify(jwks, null, 2)}\n`);
  }
  if (opts.tamper) served = { ...served, description: `${served.description} (tampered after signing)` };
  const cardBody = JSON.stringify(served);
  const etag = `"${createHash('sha256').update(cardBody).digest('base64url').slice(0, 27)}"`;

  for (const path of CARD_PATHS) {
    app.get(path, (req, res) => {
      res.set('ETag', etag);
      if (opts['card-cache-control'] !== undefined) res.set('Cache-Control', opts['card-cache-control']);
      if (req.get('if-none-match') === etag) {
        res.status(304).end();
        return;
      }
      res.type('application/json').send(cardBody);
    });
  }

  const requestHandler = new DefaultRequestHandler(handlerCard, new InMemoryTaskStore(), new TestAgentExecutor());
  app.use(
    RPC_PATH,
    requireAuth(opts),
    jsonRpcHandler({
      requestHandler,
      userBuilder: UserBuilder.noAuthentication,
      legacyCompat: { enabled: opts.protocol !== '1.0' },
    }),
  );
  process.stdout.write(`READY ${base}\n`);
}

main().catch((err) => fail(err.stack ?? String(err)));
