// Model files for the encoders (TextEncoder, ImageEncoder): where a source points and how its bytes
// are read, by fetch in browsers and workers or from the file system in Node. Internal.
import { EmbedError, InvalidInput } from './errors.mjs';
import { RUNNING_IN_NODE, nodeOnly } from './platform.mjs';
import { describe } from './texts.mjs';

/** A model file's contents as bytes (no copy). */
export function asBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new InvalidInput(`${name} must be a Uint8Array, ArrayBuffer or string, got ${describe(value)}`);
}

/**
 * The absolute URL of `source`: a URL, or in Node also a path (made a file: URL). With `directory`,
 * it ends in '/', so file names resolve inside it.
 */
export async function modelUrl(source, { directory = false } = {}) {
  let text = source instanceof URL ? source.href : String(source);
  if (directory && !text.endsWith('/')) text += '/';
  if (RUNNING_IN_NODE && !/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    const href = nodeOnly(`the path ${text}`).pathToFileURL(text).href;
    return directory ? href.replace(/\/?$/, '/') : href;
  }
  return new URL(text, globalThis.location?.href).href;
}

/** The bytes at `url` (file: URLs read directly in Node); null when it does not exist. */
export async function readModelFile(url, fetchFn) {
  if (url.protocol === 'file:' && RUNNING_IN_NODE) {
    try {
      return new Uint8Array(await nodeOnly(`reading ${url.href}`).fs.readFile(url));
    } catch (e) {
      if (e?.code === 'ENOENT') return null;
      throw new EmbedError(`cannot read ${url.href}: ${e?.message ?? e}`);
    }
  }
  let response;
  try {
    response = await fetchFn(url);
  } catch (e) {
    throw new EmbedError(`cannot fetch ${url.href}: ${e?.message ?? e}`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new EmbedError(`cannot fetch ${url.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Copies `bytes` into a fresh wasm heap buffer and returns its address (the caller hands it on). */
export function heapCopy(m, bytes) {
  const p = m._malloc(Math.max(bytes.length, 1));
  if (p === 0) return 0;
  m.HEAPU8.set(bytes, p);
  return p;
}
