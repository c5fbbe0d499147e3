// A2AClient: the Agent2Agent protocol client over `fetch`. The protocol (discovery requests, card
// parsing and signature checks, JSON-RPC envelopes, SSE parsing, event views, resubscribe after a
// dropped stream) is the C++ core shared with the Python wheel (src/ruvector/a2a/client_json.hpp);
// this file only moves bytes between fetch and the core, and owns cancellation (timeouts, their
// defaults and what a failure means are the core's).
// Uses only fetch, AbortController, ReadableStream and performance.now(): runs in Node >= 18, pages
// and Workers alike.
import { InvalidInput, errorFromRecord } from './errors.mjs';
import { init, loaded, NativeHandle, withHeap } from './runtime.mjs';

const CONSTRUCT = Symbol('A2AClient');
// Options read here; every other key goes to the core, which refuses unknown ones by name (the
// timeouts, connectTimeoutMs and readTimeoutMs, are the core's: it puts them on every request).
const TRANSPORT_OPTIONS = ['fetch', 'signal'];

// Throws the error class a binding record names; a JSON-RPC error keeps its code as `rpcCode`,
// a transfer failure's own error becomes the `cause`.
function check(result, cause) {
  if (result !== null && typeof result === 'object' && result.error && typeof result.error === 'object') {
    const err = errorFromRecord(result.error);
    if (typeof result.error.rpcCode === 'number') err.rpcCode = result.error.rpcCode;
    if (cause !== undefined) err.cause = cause;
    throw err;
  }
  return result;
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function abortError(signal) {
  const reason = signal?.reason;
  if (reason instanceof DOMException && reason.name === 'AbortError') return reason;
  const detail = reason === undefined ? '' : `: ${reason instanceof Error ? reason.message : String(reason)}`;
  return new DOMException(`The A2A operation was aborted${detail}`, 'AbortError');
}

function signalOption(signal, what) {
  if (signal === undefined || signal === null) return undefined;
  if (typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function') {
    throw new InvalidInput(`${what} must be an AbortSignal, got ${describe(signal)}`);
  }
  return signal;
}

// JSON text for the core: objects are serialized, a string stays a string value ("" = absent).
const jsonArg = (value) => (value === undefined || value === null ? '' : JSON.stringify(value));

// The core options as JSON text: Headers objects become [name, value] pairs, trustedKeys may be a
// JWKS / JWK object or its JSON text.
function coreOptionsJson(options) {
  const core = {};
  for (const [key, value] of Object.entries(options)) {
    if (TRANSPORT_OPTIONS.includes(key) || value === undefined) continue;
    core[key] = key === 'headers' && typeof Headers === 'function' && value instanceof Headers ? [...value] : value;
  }
  return JSON.stringify(core);
}

/**
 * A transfer that failed, in the core's words (a2a::TransferFailure: connect, read-timeout,
 * dropped, too-large). Never reaches the user: the core turns it into the error, the same one on
 * every target, with this as its `cause`.
 */
class TransferFailed extends Error {
  constructor(kind, message, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.kind = kind;
  }
}

/**
 * One fetch with cancellation and the request's read timeout (fetch cannot time the handshake
 * alone, so the response head must also arrive within it): the caller's signal and the client's
 * close() abort the underlying fetch and reject the pending wait at once. (Node's fetch then
 * closes the socket when the next bytes arrive; from a server that sends nothing more, only when
 * it gives up.)
 */
class Exchange {
  constructor(transport, request, signals) {
    this.transport = transport;
    this.request = request;
    this.controller = new AbortController();
    this.signals = signals.filter(Boolean);
    this.aborted = null; // set once a signal fired: the promise every wait races against
    this.abortPromise = new Promise((_, reject) => { this.rejectAbort = reject; });
    this.abortPromise.catch(() => {}); // observed through the races only
    this.onAbort = (event) => this.abort(abortError(event?.target));
    for (const s of this.signals) {
      if (s.aborted) { this.abort(abortError(s)); break; }
      s.addEventListener('abort', this.onAbort, { once: true });
    }
    this.reader = null;
  }

  abort(error) {
    if (this.aborted) return;
    this.aborted = error;
    this.controller.abort(error);
    this.rejectAbort(error);
  }

  // Waits for `promise`, but rejects at once on abort and with a read-timeout failure after the
  // request's readTimeoutMs; any other rejection becomes a `kind` failure.
  async race(promise, kind) {
    promise.catch(() => {}); // a loser's later rejection (e.g. the aborted fetch) is expected
    const ms = this.request.readTimeoutMs;
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new TransferFailed('read-timeout', `nothing within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([promise, this.abortPromise, deadline]);
    } catch (err) {
      if (this.aborted) throw this.aborted;
      if (err instanceof TransferFailed) throw err;
      const cause = err?.cause?.message ? ` (${err.cause.message})` : '';
      throw new TransferFailed(kind, `${err?.message ?? String(err)}${cause}`, err);
    } finally {
      clearTimeout(timer);
    }
  }

  async head() {
    const { method, url, headers, body } = this.request;
    // Redirects are never followed (credentials would go where the redirect says): the core turns
    // the 3xx into the same TransportError as on the native transport, which does not follow them.
    const init = { method, headers, signal: this.controller.signal, redirect: 'manual' };
    if (method !== 'GET') init.body = body;
    if (this.aborted) throw this.aborted;
    const response = await this.race(this.transport.fetch.call(globalThis, url, init), 'connect');
    if (response.body) this.reader = response.body.getReader();
    return response;
  }

  // A browser hides an opaque redirect's status (0); the core treats every 3xx but 304 the same.
  static status(response) {
    return response.type === 'opaqueredirect' ? 307 : response.status;
  }

  // The next chunk (Uint8Array) or null at the end.
  async read() {
    if (this.aborted) throw this.aborted;
    if (!this.reader) return null;
    const { done, value } = await this.race(this.reader.read(), 'dropped');
    return done ? null : value;
  }

  // Whole body for unary calls, at most the core's maxResponseBytes (refused before it fills memory).
  async body() {
    const chunks = [];
    let size = 0;
    const limit = this.request.maxResponseBytes;
    for (let c = await this.read(); c !== null; c = await this.read()) {
      chunks.push(c);
      size += c.byteLength;
      if (size > limit) throw new TransferFailed('too-large', `more than ${limit} bytes`);
    }
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.byteLength; }
    return out;
  }

  // Ends the exchange: cancels an unfinished body and the fetch, detaches the listeners.
  close() {
    for (const s of this.signals) s.removeEventListener('abort', this.onAbort);
    // Abort only: it errors the body stream too. Cancelling the reader as well (before or after)
    // made Node's fetch (undici) keep the socket open (measured with hostile.py's /_stats).
    this.controller.abort(); // no-op once the body was read to the end
    this.reader = null;
  }
}

// Runs one request/response of a unary exchange; a transfer failure goes to `fail` (the core's
// error, thrown with the failure as its cause).
async function exchangeOnce(transport, request, signals, fail) {
  const exchange = new Exchange(transport, request, signals);
  try {
    const response = await exchange.head();
    return { response, bytes: await exchange.body() };
  } catch (err) {
    if (err instanceof TransferFailed) check(fail(err.kind, err.message), err);
    throw err;
  } finally {
    exchange.close();
  }
}

// One card cache per module instance (per page or worker), as an HTTP cache would be.
let cardCache = null;
function sharedCardCache(m) {
  cardCache ??= new m.A2ACardCacheHandle();
  return cardCache;
}

function headerPairs(response) {
  const out = [];
  response.headers.forEach((value, name) => out.push([name, value]));
  return out;
}

async function fetchCard(m, baseUrl, optionsJson, transport, signals) {
  // The order (cache, agent-card.json, agent.json after a 404) is the core's CardDiscovery.
  const discovery = new m.A2ACardDiscoveryHandle();
  try {
    check(discovery.start(sharedCardCache(m), baseUrl, optionsJson, Math.floor(performance.now())));
    while (!discovery.done()) {
      const request = JSON.parse(check(discovery.request()));
      const { response, bytes } = await exchangeOnce(transport, request, signals,
        (kind, detail) => discovery.onFail(kind, detail));
      check(withHeap(m, [bytes], (p) => discovery.onResponse(Exchange.status(response), headerPairs(response), p,
        bytes.byteLength, Math.floor(performance.now()))));
    }
    return check(discovery.card());
  } finally {
    discovery.delete();
  }
}

/** An A2A client bound to one agent. Make one with `await A2AClient.connect(url, options)`. */
export class A2AClient extends NativeHandle {
  #info;
  #transport;
  #closed = new AbortController();

  /** Use A2AClient.connect(). */
  constructor(token, handle, info, transport) {
    if (token !== CONSTRUCT) throw new TypeError('use await A2AClient.connect(url, options) to make an A2AClient');
    super(handle, 'A2AClient');
    this.#info = info;
    this.#transport = transport;
  }

  /**
   * Discovers the agent at `url` (its base URL, or the card's URL), verifies the card as the
   * options ask and returns a client for its JSON-RPC endpoint.
   */
  static async connect(url, options = {}) {
    if (typeof url !== 'string' && !(url instanceof URL)) throw new InvalidInput(`url must be a string or URL, got ${describe(url)}`);
    if (options === null || typeof options !== 'object') throw new InvalidInput(`options must be an object, got ${describe(options)}`);
    const fetchFn = options.fetch ?? globalThis.fetch;
    if (typeof fetchFn !== 'function') throw new InvalidInput(`fetch must be a function, got ${describe(fetchFn)}`);
    const transport = { fetch: fetchFn };
    const signal = signalOption(options.signal, 'signal');
    await init();
    const m = loaded();
    const optionsJson = coreOptionsJson(options);
    const { url: cardUrl, body } = await fetchCard(m, String(url), optionsJson, transport, [signal]);
    const handle = new m.A2AClientHandle();
    try {
      check(handle.init(body, cardUrl, optionsJson));
      const info = JSON.parse(check(handle.info()));
      return new A2AClient(CONSTRUCT, handle, info, transport);
    } catch (err) {
      handle.delete();
      throw err;
    }
  }

  /** The agent card as received. */
  get card() { return this.#info.card; }
  get name() { return this.#info.name; }
  /** The JSON-RPC endpoint URL in use. */
  get endpoint() { return this.#info.endpoint; }
  /** '1.0' or '0.3'. */
  get protocolVersion() { return this.#info.version; }
  /** True when a card signature verified with one of the trusted keys. */
  get cardVerified() { return this.#info.cardVerified; }
  /** The kid of the key that verified the card ('' if none). */
  get cardKeyId() { return this.#info.cardKeyId; }
  /** Whether the card says the agent streams (capabilities.streaming). */
  get streaming() { return this.#info.streaming; }

  /** Sends a message (text or Message object); resolves to the event view of the answer. */
  send(message, { configuration, metadata, signal } = {}) {
    return this.#unary((h, c) => h.sendMessage(c, JSON.stringify(messageArg(message)), jsonArg(configuration),
      jsonArg(metadata)), signal);
  }

  /** The task's event view; historyLength limits the messages returned. */
  getTask(id, { historyLength, signal } = {}) {
    const n = historyLength === undefined || historyLength === null ? -1 : historyLength;
    if (typeof n !== 'number') throw new InvalidInput(`historyLength must be a number, got ${describe(n)}`);
    return this.#unary((h, c) => h.getTask(c, taskIdArg(id), n), signal);
  }

  /** {tasks: [event views], nextPageToken, pageSize, totalSize}. */
  listTasks(query = {}, { signal } = {}) {
    return this.#unary((h, c) => h.listTasks(c, jsonArg(query)), signal);
  }

  /** Cancels a task; resolves to its event view. */
  cancelTask(id, { signal } = {}) {
    return this.#unary((h, c) => h.cancelTask(c, taskIdArg(id)), signal);
  }

  /** Any JSON-RPC method by its A2A name (e.g. 'GetExtendedAgentCard'), params as an object. */
  call(method, params, { signal } = {}) {
    if (typeof method !== 'string') return Promise.reject(new InvalidInput(`method must be a string, got ${describe(method)}`));
    return this.#unary((h, c) => h.call(c, method, jsonArg(params)), signal);
  }

  /** Streams a message's events (SendStreamingMessage) as an async iterable of event views. */
  stream(message, { configuration, metadata, signal } = {}) {
    return this.#streaming((h, s) => h.streamMessage(s, JSON.stringify(messageArg(message)), jsonArg(configuration),
      jsonArg(metadata)), signal);
  }

  /** Streams the events of an existing task (SubscribeToTask). */
  subscribe(id, { signal } = {}) {
    return this.#streaming((h, s) => h.subscribe(s, taskIdArg(id)), signal);
  }

  /** Aborts every request in flight (they reject with AbortError) and frees the client. Idempotent. */
  close() {
    this.#closed.abort(new DOMException('The A2A client was closed', 'AbortError'));
    this.dispose();
  }

  async #unary(prepare, signal) {
    const handle = this._live();
    const s = signalOption(signal, 'signal');
    const m = loaded();
    const call = new m.A2ACallHandle();
    try {
      check(prepare(handle, call));
      const request = JSON.parse(check(call.request()));
      const { response, bytes } = await exchangeOnce(this.#transport, request, [s, this.#closed.signal],
        (kind, detail) => call.fail(kind, detail));
      const contentType = response.headers.get('content-type') ?? '';
      return callResult(m, check(withHeap(m, [bytes], (p) => this._live().finish(call, Exchange.status(response),
        contentType, p, bytes.byteLength))));
    } finally {
      call.delete();
    }
  }

  #streaming(prepare, signal) {
    const handle = this._live();
    const s = signalOption(signal, 'signal');
    const m = loaded();
    const stream = new m.A2AStreamHandle();
    try {
      check(prepare(handle, stream));
    } catch (err) {
      stream.delete();
      throw err;
    }
    return runStream(m, stream, this.#transport, [s, this.#closed.signal]);
  }
}

/**
 * A task, message, status update or artifact update (A2AEvent in a2a.d.ts), as the core built it:
 * `value`, the object in A2A 1.0 JSON form, is parsed from the core's text when first read.
 */
class A2AEvent {
  #valueJson;
  #value;

  constructor({ kind, taskId, contextId, state, text, final, valueJson }) {
    this.kind = kind;
    this.taskId = taskId;
    this.contextId = contextId;
    this.state = state;
    this.text = text;
    this.final = final;
    this.#valueJson = valueJson;
  }

  get value() {
    this.#value ??= JSON.parse(this.#valueJson);
    return this.#value;
  }

  toJSON() {
    const { kind, taskId, contextId, state, text, final, value } = this;
    return { kind, taskId, contextId, state, text, final, value };
  }
}

const NULL_TEXT = 0xFFFFFFFF;
const eventNames = new WeakMap(); // module instance -> its a2aEventNames()

/**
 * The event records of a binding's batch (web/bindings/a2a_bindings.cpp, event_batch): every string
 * in one `text`, seven numbers per event in `fields`. Also Pyodide's decoder (web/pyodide/loader.mjs).
 * @internal
 */
export function eventRecords(m, { text, fields }) {
  let names = eventNames.get(m);
  if (!names) eventNames.set(m, names = m.a2aEventNames());
  const records = new Array(fields.length / 7);
  let at = 0;
  const take = (units) => {
    if (units === NULL_TEXT) return null;
    at += units;
    return text.slice(at - units, at);
  };
  for (let i = 0, f = 0; f < fields.length; i++, f += 7) {
    records[i] = {
      kind: names.kinds[fields[f]],
      state: fields[f + 1] === 0 ? null : names.states[fields[f + 1] - 1],
      final: fields[f + 2] === 1,
      taskId: take(fields[f + 3]),
      contextId: take(fields[f + 4]),
      text: take(fields[f + 5]),
      valueJson: take(fields[f + 6]),
    };
  }
  return records;
}

const eventsOf = (m, batch) => eventRecords(m, batch).map((r) => new A2AEvent(r));

// finish()'s record: an event, a page of tasks, or another method's result.
function callResult(m, record) {
  if (record.event) return eventsOf(m, record.event)[0];
  if (record.page) return { ...record.page, tasks: eventsOf(m, record.page.tasks) };
  return JSON.parse(record.resultJson);
}

function messageArg(message) {
  if (typeof message === 'string' || (message !== null && typeof message === 'object')) return message;
  throw new InvalidInput(`message must be a string or a Message object, got ${describe(message)}`);
}

function taskIdArg(id) {
  if (typeof id !== 'string' || id === '') throw new InvalidInput(`task id must be a non-empty string, got ${describe(id)}`);
  return id;
}

// Moves one stream session's bytes: each HTTP response's chunks go to the core, which returns
// complete events; how the response ended (cleanly, or a transfer failure of some kind) goes to the
// core too, which either finishes, hands back a resubscribe request, or throws. Breaking out of
// `for await` runs the finally blocks: the fetch is cancelled, the session freed.
async function* runStream(m, stream, transport, signals) {
  try {
    for (;;) {
      const request = JSON.parse(check(stream.request()));
      const exchange = new Exchange(transport, request, signals);
      let failure = null;
      try {
        const response = await exchange.head();
        check(stream.onHead(Exchange.status(response), response.headers.get('content-type') ?? ''));
        for (let chunk = await exchange.read(); chunk !== null; chunk = await exchange.read()) {
          const batch = check(withHeap(m, [chunk], (p) => stream.onData(p, chunk.byteLength)));
          for (const event of eventsOf(m, batch)) yield event;
          if (stream.done()) break; // the task ended: do not wait for the server to close
        }
      } catch (err) {
        if (!(err instanceof TransferFailed)) throw err; // aborts and the core's errors pass
        failure = err;
      } finally {
        exchange.close();
      }
      const finished = failure ? check(stream.onFail(failure.kind, failure.message), failure) : check(stream.onEnd());
      if (finished) return;
    }
  } finally {
    stream.delete();
  }
}

/**
 * The URLs (and headers) a client GETs to discover the agent at `baseUrl`, in order.
 * Needs init().
 */
export function cardRequests(baseUrl, options = {}) {
  return JSON.parse(check(loaded().a2aCardRequests(String(baseUrl), coreOptionsJson(options))));
}

/**
 * Verifies an agent card's JWS signatures (A2A section 8.4) against trusted keys (a JWKS or JWK,
 * object or JSON text). Resolves nothing over the network. Needs init().
 * @returns {{verified: boolean, kid: string, alg: string}}
 */
export function verifyAgentCard(card, trustedKeys, { requireSignature } = {}) {
  const cardJson = typeof card === 'string' ? card : JSON.stringify(card);
  const keys = trustedKeys === undefined || trustedKeys === null ? ''
    : typeof trustedKeys === 'string' ? trustedKeys : JSON.stringify(trustedKeys);
  // undefined: the core's default (required exactly when keys are given).
  const require = requireSignature === undefined || requireSignature === null ? undefined : Boolean(requireSignature);
  return check(loaded().a2aVerifyCard(cardJson, keys, require));
}

/** Forgets every cached agent card of this module instance. */
export function clearCardCache() {
  cardCache?.clear();
}
