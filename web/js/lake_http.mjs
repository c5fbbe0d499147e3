// HttpBundleBackend: a lake backend over bundles published to a static HTTP server (a directory per
// collection holding table.rulake.json and index.rvq, as Lake.publish_bundle writes it). It only
// fetches bytes, with size limits: the core parses and checks the sidecar, decides when to re-check
// it (the lake's consistency mode) and installs the index without a rebuild.
import { InvalidInput, PersistError, TransportError } from './errors.mjs';

const SIDECAR = 'table.rulake.json';
const INDEX = 'index.rvq';

function bundleUrls(bundles) {
  if (typeof bundles === 'string' || bundles instanceof URL) {
    const url = new URL(String(bundles));
    const name = url.pathname.split('/').filter(Boolean).pop();
    if (!name) throw new InvalidInput(`cannot name a collection after the URL '${url}': pass {collection: url}`);
    return new Map([[name, url]]);
  }
  if (bundles === null || typeof bundles !== 'object') {
    throw new InvalidInput(`bundles must be a URL or an object {collection: url}, got ${String(bundles)}`);
  }
  return new Map(Object.entries(bundles).map(([name, url]) => [name, new URL(String(url))]));
}

function fileUrl(dir, name) {
  const base = new URL(dir);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(name, base).href;
}

/** The body of GET `url`, refused past `limit` bytes (from Content-Length, else while reading). */
export async function fetchBytes(url, limit, what, fetchImpl = globalThis.fetch) {
  let response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new TransportError(`GET ${url}: ${err?.message ?? err}`);
  }
  if (!response.ok) throw new PersistError(`GET ${url}: HTTP ${response.status} (${what})`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  const tooBig = (n) => new PersistError(`GET ${url}: ${what} of ${n} bytes exceeds the limit of ${limit} bytes`);
  if (declared > limit) {
    await response.body?.cancel();
    throw tooBig(declared);
  }
  // A declared length is enforced by the fetch itself (a longer body is a network error).
  if (Number.isSafeInteger(declared)) return new Uint8Array(await response.arrayBuffer());
  const chunks = [];
  let size = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw tooBig(`at least ${size}`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Bundles on a static server as lake collections: `bundles` is a bundle directory's URL (the
 * collection is named after its last path segment) or {collection: url}. Register it with a Lake
 * and search with the *Async methods (fetching is asynchronous).
 */
export class HttpBundleBackend {
  #urls;
  #fetch;

  /** @param {import('./lake.js').HttpBundleOptions} [options] */
  constructor(id, bundles, { maxIndexBytes = 1 << 30, maxSidecarBytes = 64 << 10, fetch: fetchImpl } = {}) {
    this.id = String(id);
    this.#urls = bundleUrls(bundles);
    this.maxIndexBytes = Number(maxIndexBytes);
    this.maxSidecarBytes = Number(maxSidecarBytes);
    this.#fetch = fetchImpl ?? ((url) => globalThis.fetch(url, { cache: 'no-store' }));
  }

  listCollections() {
    return [...this.#urls.keys()];
  }

  /** The bundle directory's URL of `collection`. */
  url(collection) {
    const url = this.#urls.get(collection);
    if (!url) throw new InvalidInput(`unknown collection '${collection}' in backend '${this.id}'`);
    return url.href;
  }

  /** The sidecar's bytes: the lake reads the bundle's generation from it on each coherence check. */
  sidecar(collection) {
    return fetchBytes(fileUrl(this.url(collection), SIDECAR), this.maxSidecarBytes, 'the sidecar', this.#fetch);
  }

  /** The index, then the sidecar again (a publisher writes the index first, the sidecar last). */
  async bundle(collection) {
    const dir = this.url(collection);
    const index = await fetchBytes(fileUrl(dir, INDEX), this.maxIndexBytes, 'the index', this.#fetch);
    const sidecar = await this.sidecar(collection);
    return { sidecar, index, where: dir };
  }
}
