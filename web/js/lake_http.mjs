// HttpBundleBackend: a lake backend over bundles published to a static HTTP server (a directory per
// collection holding table.rulake.json, bundle.witness.json and index.rvq, as Lake.publish_bundle
// writes it). It only fetches bytes, with size limits: the core parses and checks the sidecar,
// decides when to re-check it (the lake's consistency mode), names the bundle's files in the order
// to fetch them and checks they are one bundle (refetching once after a republish in between), and
// installs the index without a rebuild once its content witness, index bytes and, with trusted keys,
// its signed checkpoint and log inclusion are verified.
import { InvalidInput, PersistError, TransportError, throwIfError } from './errors.mjs';
import { loaded, withHeap } from './runtime.mjs';

const SIDECAR = 'table.rulake.json';
const INDEX = 'index.rvq';
const WITNESS = 'bundle.witness.json';
const WHAT = { [SIDECAR]: 'the sidecar', [WITNESS]: 'the witness file', [INDEX]: 'the index' };

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
 * and search with the *Async methods (fetching is asynchronous). With `trustedKeys` (verifier keys)
 * a bundle serves only if one of them signed its checkpoint and its entry is in the log under it.
 */
export class HttpBundleBackend {
  #urls;
  #fetch;
  #fetched = new Map(); // collection -> the last bundle's sidecar and witness (not its index)

  /** @param {import('./lake.js').HttpBundleOptions} [options] */
  constructor(id, bundles, { maxIndexBytes = 1 << 30, maxSidecarBytes = 64 << 10, fetch: fetchImpl,
    trustedKeys = /** @type {string | Iterable<string>} */ ([]) } = {}) {
    this.id = String(id);
    this.#urls = bundleUrls(bundles);
    this.maxIndexBytes = Number(maxIndexBytes);
    this.maxSidecarBytes = Number(maxSidecarBytes);
    this.trustedKeys = typeof trustedKeys === 'string' ? [trustedKeys] : Array.from(trustedKeys, String);
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

  /**
   * The bundle's three files, fetched in the order the core names them and checked by it to be one
   * bundle (fetched twice at most): {sidecar, witness, index, where, trustedKeys}.
   */
  async bundle(collection) {
    const where = this.url(collection);
    const m = loaded();
    const fetch = new m.BundleFetchHandle();
    try {
      throwIfError(fetch.init(where, this.trustedKeys));
      const files = {};
      for (let name = fetch.nextFile(); name !== ''; name = fetch.nextFile()) {
        const limit = name === INDEX ? this.maxIndexBytes : this.maxSidecarBytes;
        const bytes = await fetchBytes(fileUrl(where, name), limit, WHAT[name], this.#fetch);
        throwIfError(withHeap(m, [bytes], (p) => fetch.put(p, bytes.length)));
        files[name] = bytes;
      }
      const bundle = { sidecar: files[SIDECAR], witness: files[WITNESS], index: files[INDEX], where,
        trustedKeys: this.trustedKeys };
      this.#fetched.set(collection, { sidecar: bundle.sidecar, witness: bundle.witness, where });
      return bundle;
    } finally {
      fetch.delete();
    }
  }

  /** The sidecar and witness file of the last bundle bundle() fetched for `collection` (or undefined). */
  lastFetched(collection) {
    return this.#fetched.get(collection);
  }
}
