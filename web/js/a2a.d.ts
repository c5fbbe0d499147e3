// Hand-written declarations for a2a.mjs (the A2A client over fetch).

/** A JSON value as the agent sent it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A task's state, lower-case (both protocol versions' spellings are normalized to these). */
export type TaskState = 'submitted' | 'working' | 'input-required' | 'auth-required' | 'completed' | 'canceled'
  | 'failed' | 'rejected' | 'unknown';

/**
 * One Task / Message / status update / artifact update, the same shape in both protocol versions
 * (and in the Python client).
 */
export interface A2AEvent {
  kind: 'task' | 'message' | 'status-update' | 'artifact-update';
  taskId: string | null;
  contextId: string | null;
  /** Of a task or status update; null otherwise. */
  state: TaskState | null;
  /** All text parts joined (message parts, the status message's parts, or artifact parts). */
  text: string;
  /** True on the event that ends a stream (terminal or interrupted state, or a message). */
  final: boolean;
  /** The object in A2A 1.0 ProtoJSON form, unknown members kept (parsed when first read). */
  readonly value: JsonObject;
}

/** The answer to listTasks(). */
export interface A2ATaskList {
  tasks: A2AEvent[];
  nextPageToken?: string;
  pageSize?: number;
  totalSize?: number;
}

/** A user message: plain text, or a Message object (messageId and role may be left out). */
export type A2AMessage = string | JsonObject;

/** A JWKS ({keys: [...]}) or a single JWK, as an object or JSON text. */
export type TrustedKeys = string | JsonObject;

export interface A2AClientOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  bearerToken?: string;
  /** Sent in `apiKeyHeader` (default X-API-Key). */
  apiKey?: string;
  apiKeyHeader?: string;
  /** Extra headers for every request (card and calls). */
  headers?: Record<string, string> | Array<[string, string]> | Headers;
  /** Keys that may sign the agent card (EdDSA/Ed25519 or ES256/P-256). */
  trustedKeys?: TrustedKeys;
  /**
   * Refuse (CardSignatureInvalid) a card that no trusted key verifies, unsigned cards included.
   * Unset: true exactly when trustedKeys are given (a stripped card never passes pinned keys);
   * false opts out.
   */
  requireSignature?: boolean;
  /**
   * https origins ('https://host[:port]') besides the card's own origin that may receive the
   * credentials (bearerToken, apiKey, headers). A card naming another endpoint is a ProtocolError
   * before any request is sent. Redirects are never followed.
   */
  credentialOrigins?: string[];
  /** Speak this version instead of the one the card offers. */
  protocolVersion?: '1.0' | '0.3';
  /** Resubscribe attempts per stream after a dropped connection (default 3). */
  maxResubscribes?: number;
  /** The fetch to use (default globalThis.fetch), e.g. one that adds credentials. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Aborts the discovery in connect(). */
  signal?: AbortSignal;
  /**
   * TCP + TLS handshake limit (default 10,000 ms, the core's, as in Python). fetch cannot time
   * the handshake alone, so in JS the read timeout bounds the wait for a response as well.
   */
  connectTimeoutMs?: number;
  /**
   * Longest silence, the wait for a response's headers included (default 60,000 ms);
   * TransportError "no data from <url> for N s (read timeout)" after it.
   */
  readTimeoutMs?: number;
}

export interface A2ACallOptions {
  /** Aborting rejects at once with a DOMException named 'AbortError' and cancels the fetch. */
  signal?: AbortSignal;
}

export interface A2ASendOptions extends A2ACallOptions {
  /** SendMessageConfiguration: acceptedOutputModes, historyLength, returnImmediately, ... */
  configuration?: JsonObject;
  metadata?: JsonObject;
}

export interface A2AGetTaskOptions extends A2ACallOptions {
  historyLength?: number;
}

export interface A2AListTasksQuery {
  contextId?: string;
  status?: TaskState | string;
  pageSize?: number;
  pageToken?: string;
  historyLength?: number;
  statusTimestampAfter?: string;
  includeArtifacts?: boolean;
}

/**
 * An A2A client bound to one agent: `await A2AClient.connect(url, options)`. Works in Node, pages
 * and Workers. Errors: TransportError (network, HTTP status, time-outs), ProtocolError (invalid
 * answers; JSON-RPC errors carry `rpcCode`), CardSignatureInvalid, InvalidInput (bad arguments),
 * and a DOMException named 'AbortError' when a signal aborts or close() is called.
 */
export class A2AClient {
  private constructor();
  /** Fetches the agent card (agent-card.json, then agent.json), verifies it as asked, picks the endpoint. */
  static connect(url: string | URL, options?: A2AClientOptions): Promise<A2AClient>;
  /** The agent card as received. */
  readonly card: JsonObject;
  readonly name: string;
  /** The JSON-RPC endpoint URL in use. */
  readonly endpoint: string;
  readonly protocolVersion: '1.0' | '0.3';
  /** True when a card signature verified with one of the trusted keys. */
  readonly cardVerified: boolean;
  /** The kid of the key that verified the card ('' if none). */
  readonly cardKeyId: string;
  /** capabilities.streaming of the card. */
  readonly streaming: boolean;
  /** SendMessage: resolves to the answer (a message, or the task). */
  send(message: A2AMessage, options?: A2ASendOptions): Promise<A2AEvent>;
  /** SendStreamingMessage: the events as they arrive; a dropped connection is resubscribed. */
  stream(message: A2AMessage, options?: A2ASendOptions): AsyncGenerator<A2AEvent, void, undefined>;
  getTask(id: string, options?: A2AGetTaskOptions): Promise<A2AEvent>;
  listTasks(query?: A2AListTasksQuery, options?: A2ACallOptions): Promise<A2ATaskList>;
  cancelTask(id: string, options?: A2ACallOptions): Promise<A2AEvent>;
  /** SubscribeToTask: the remaining events of a running task. */
  subscribe(id: string, options?: A2ACallOptions): AsyncGenerator<A2AEvent, void, undefined>;
  /** Any method by its A2A name (e.g. 'GetExtendedAgentCard'); the typed methods' names resolve to
   * what those methods return (an A2AEvent, an A2ATaskList), the others to the JSON-RPC result. */
  call(method: string, params?: JsonObject, options?: A2ACallOptions): Promise<JsonValue | A2AEvent | A2ATaskList>;
  /** Aborts the requests in flight (AbortError) and frees the client; later calls throw. Idempotent. */
  close(): void;
}

/** A discovery request, as the client sends it. */
export interface A2AHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Array<[string, string]>;
  body: string;
  streaming: boolean;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** The largest whole response body the core reads. */
  maxResponseBytes: number;
}

/** The requests connect() would send to discover the agent at `baseUrl`, in order. Needs init(). */
export function cardRequests(baseUrl: string | URL,
  options?: Omit<A2AClientOptions, 'fetch' | 'signal' | 'timeoutMs' | 'readTimeoutMs'>): A2AHttpRequest[];

export interface CardVerification {
  verified: boolean;
  /** The kid of the key that verified ('' if none). */
  kid: string;
  /** 'EdDSA' | 'ES256' ('' if none). */
  alg: string;
}

/**
 * Verifies an agent card's signatures against trusted keys; throws CardSignatureInvalid. Pass the
 * card as the text received: re-serializing a parsed card can change its numbers and so its
 * canonical form. Needs init().
 */
export function verifyAgentCard(card: string | JsonObject, trustedKeys?: TrustedKeys | null,
  options?: { requireSignature?: boolean }): CardVerification;

/** Forgets the agent cards cached by this page, worker or process. */
export function clearCardCache(): void;
