// A2AClient: the Agent2Agent protocol client over `fetch`. The protocol (discovery requests, card
// parsing and signature checks, JSON-RPC envelopes, SSE parsing, event views, resubscribe after a
// dropped stream) is the C++ core shared with the Python wheel (src/ruvector/a2a/client_json.hpp);
// this file only moves bytes between fetch and the core, and owns time-outs and cancellation.
// Uses only fetch, AbortController, ReadableStream and performance.now(): runs in Node >= 18, pages
// and Workers alike.
import { InvalidInput, ProtocolError, RuVectorError, TransportError, errorFromRecord } from './errors.mjs';
import { init, loaded, NativeHandle, withHeap } from './runtime.mjs';

const CONSTRUCT = Symbol('A2AClient');
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_READ_TIMEOUT_MS = 60_000;
// Options read here; every other key goes to the core, which refuses unknown ones by name.
const TRANSPORT_OPTIONS = ['fetch', 'signal', 'timeoutMs', 'readTimeoutMs'];
// The largest JSON text the core reads (JsonLimits::max_bytes): a longer body is refused here,
// before it fills memory, rather than after.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

// Throws the error class a binding record names; a JSON-RPC error keeps its code as `rpcCode`.
function check(result) {
  if (result !== null && typeof result === 'object' && result.error && typeof result.error === 'object') {
    const err = errorFromRecord(result.error);
    if (typeof result.error.rpcCode === 'number') err.rpcCode = result.error.rpcCode;
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

function timeoutOption(options, name, fallback) {
  const value = options[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new InvalidInput(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
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
 * One fetch with cancellation and time-outs: the caller's signal, the client's close(), a deadline
 * for the response head (timeoutMs) and for every body chunk (readTimeoutMs). Each of them aborts
 * the underlying fetch and rejects the pending wait at once. (Node's fetch then closes the socket
 * when the next bytes arrive; from a server that sends nothing more, only when it gives up.)
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

  // Waits for `promise`, but rejects at once on abort and with `onTimeout()` after `ms`.
  async race(promise, ms, onTimeout) {
    promise.catch(() => {}); // a loser's later rejection (e.g. the aborted fetch) is expected
    let timer;
    const deadline = new Promise((_, reject) => { timer = setTimeout(() => reject(onTimeout()), ms); });
    try {
      return await Promise.race([promise, this.abortPromise, deadline]);
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
    const ms = this.transport.timeoutMs;
    if (this.aborted) throw this.aborted;
    let response;
    try {
      response = await this.race(this.transport.fetch.call(globalThis, url, init), ms,
        () => new TransportError(`no response from ${url} within ${ms / 1000} s (timeoutMs)`));
    } catch (err) {
      throw this.failure(err, 'cannot reach');
    }
    if (response.body) this.reader = response.body.getReader();
    return response;
  }

  // A browser hides an opaque redirect's status (0); the core treats every 3xx but 304 the same.
  static status(response) {
    return response.type === 'opaqueredirect' ? 307 : response.status;
  }

  // The next chunk (Uint8Array) or null at the end; TransportError for a read timeout.
  async read() {
    if (this.aborted) throw this.aborted;
    if (!this.reader) return null;
    const ms = this.transport.readTimeoutMs;
    const { done, value } = await this.race(this.reader.read(), ms, () => {
      const err = new TransportError(`no data from ${this.request.url} for ${ms / 1000} s (read timeout)`);
      err.readTimeout = true;
      return err;
    });
    return done ? null : value;
  }

  // Errors of the transport become TransportError naming the URL; aborts and library errors pass.
  failure(err, verb) {
    if (this.aborted) return this.aborted;
    if (err instanceof RuVectorError) return err;
    const cause = err?.cause?.message ? ` (${err.cause.message})` : '';
    return new TransportError(`${verb} ${this.request.url}: ${err?.message ?? String(err)}${cause}`, { cause: err });
  }

  // Whole body for unary calls.
  async body() {
    const chunks = [];
    let size = 0;
    try {
      for (let c = await this.read(); c !== null; c = await this.read()) {
        chunks.push(c);
        size += c.byteLength;
        if (size > MAX_BODY_BYTES) {
          throw new ProtocolError(`response body from ${this.request.url} is larger than ${MAX_BODY_BYTES} bytes`);
        }
      }
    } catch (err) {
      throw this.failure(err, 'reading the response from');
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
      const exchange = new Exchange(transport, JSON.parse(check(discovery.request())), signals);
      try {
        const response = await exchange.head();
        const bytes = await exchange.body();
        check(withHeap(m, [bytes], (p) => discovery.onResponse(Exchange.status(response), headerPairs(response), p,
          bytes.byteLength, Math.floor(performance.now()))));
      } finally {
        exchange.close();
      }
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
    const transport = {
      fetch: fetchFn,
      timeoutMs: timeoutOption(options, 'timeoutMs', DEFAULT_TIMEOUT_MS),
      readTimeoutMs: timeoutOption(options, 'readTimeoutMs', DEFAULT_READ_TIMEOUT_MS),
    };
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
    let exchange;
    try {
      check(prepare(handle, call));
      exchange = new Exchange(this.#transport, JSON.parse(check(call.request())), [s, this.#closed.signal]);
      const response = await exchange.head();
      const bytes = await exchange.body();
      const contentType = response.headers.get('content-type') ?? '';
      return JSON.parse(check(withHeap(m, [bytes], (p) => this._live().finish(call, Exchange.status(response), contentType, p,
        bytes.byteLength))));
    } finally {
      exchange?.close();
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

function messageArg(message) {
  if (typeof message === 'string' || (message !== null && typeof message === 'object')) return message;
  throw new InvalidInput(`message must be a string or a Message object, got ${describe(message)}`);
}

function taskIdArg(id) {
  if (typeof id !== 'string' || id === '') throw new InvalidInput(`task id must be a non-empty string, got ${describe(id)}`);
  return id;
}

// Drives one stream session: each HTTP response's chunks go to the core, which returns complete
// events; when a connection ends before the task does, the core hands back a resubscribe request.
// Breaking out of `for await` runs the finally blocks: the fetch is cancelled, the session freed.
async function* runStream(m, stream, transport, signals) {
  try {
    for (;;) {
      const request = JSON.parse(check(stream.request()));
      const exchange = new Exchange(transport, request, signals);
      let reason = 'eof';
      let detail = '';
      try {
        const response = await exchange.head();
        check(stream.onHead(Exchange.status(response), response.headers.get('content-type') ?? ''));
        for (;;) {
          let chunk;
          try {
            chunk = await exchange.read();
          } catch (err) {
            if (exchange.aborted) throw exchange.aborted;
            reason = err?.readTimeout ? 'timeout' : 'dropped';
            detail = err?.readTimeout ? err.message : `connection to ${request.url} broke: ${err?.message ?? err}`;
            break;
          }
          if (chunk === null) break;
          const events = JSON.parse(check(withHeap(m, [chunk], (p) => stream.onData(p, chunk.byteLength))));
          for (const event of events) yield event;
          if (stream.done()) break; // the task ended: do not wait for the server to close
        }
      } catch (err) {
        throw exchange.failure(err, 'cannot reach');
      } finally {
        exchange.close();
      }
      if (check(stream.onEnd(reason, detail))) return;
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
