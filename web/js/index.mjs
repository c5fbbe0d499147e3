// The ESM entry point of @ruvector/sdk: loads the wasm module once and wraps its Embind API in
// idiomatic JS (typed arrays in and out, BigInt ids, Error subclasses). Validation lives in C++.
import createRuvectorModule from './dist/ruvector_wasm.mjs';
import { RuVectorError, throwIfError } from './errors.mjs';
import { toBytes, toFloat32, toIds } from './convert.mjs';

export * from './errors.mjs';
export { HashEmbedder } from './embed.mjs';
export { loaded as _loaded, withHeap as _withHeap }; // internal: for sibling wrappers (embed.mjs), not public API

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';
const DEFAULT_WASM = new URL('./dist/ruvector_wasm.wasm', import.meta.url);

let wasm = null; // the instantiated module once init() has resolved
let loading = null; // the in-flight load, shared by concurrent init() calls

/**
 * Loads and instantiates the wasm module. Idempotent: later calls resolve immediately, and
 * concurrent calls share one load. A failed load can be retried.
 */
export async function init(options = {}) {
  if (wasm) return;
  loading ??= instantiate(options).then(
    (m) => { wasm = m; },
    (e) => { loading = null; throw e; },
  );
  await loading;
}

async function instantiate({ wasmBinary, wasmUrl } = {}) {
  const settings = {};
  if (wasmBinary) settings.wasmBinary = wasmBinary;
  else if (wasmUrl) settings.locateFile = () => String(wasmUrl);
  try {
    return await createRuvectorModule(settings);
  } catch (first) {
    if (!IS_NODE || wasmBinary) throw loadFailed(first);
    // emscripten 3.1.6 fetch()es the .wasm even under Node, and Node's fetch cannot read file: URLs.
    try {
      const { readFile } = await import('node:fs/promises');
      const file = wasmUrl === undefined ? DEFAULT_WASM
        : /^file:/.test(String(wasmUrl)) ? new URL(String(wasmUrl)) : String(wasmUrl);
      return await createRuvectorModule({ wasmBinary: await readFile(file) });
    } catch (second) {
      throw loadFailed(second);
    }
  }
}

function loadFailed(cause) {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RuVectorError(`ruvector: could not load the wasm module: ${detail}`, { cause });
}

function loaded() {
  if (!wasm) throw new RuVectorError('ruvector: the wasm module is not loaded: call await init() first');
  return wasm;
}

// Copies each typed array into a fresh wasm allocation, calls fn with their byte offsets, frees them.
function withHeap(m, arrays, fn) {
  const pointers = [];
  try {
    for (const a of arrays) {
      const p = m._malloc(Math.max(a.byteLength, 1));
      if (p === 0) throw new RuVectorError(`out of memory: cannot allocate ${a.byteLength} bytes in the wasm heap`);
      pointers.push(p);
      // Re-read HEAPU8 each time: a malloc that grows memory replaces the underlying buffer.
      m.HEAPU8.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), p);
    }
    return fn(...pointers);
  } finally {
    for (const p of pointers) m._free(p);
  }
}

// The safety net for indexes that are dropped without dispose(): frees the C++ object on GC.
const finalizer = new FinalizationRegistry((handle) => handle.delete());

/** Exact (brute-force) k-nearest-neighbour index over float32 vectors. */
export class FlatIndex {
  #handle;

  constructor(dim, { metric = 'l2' } = {}) {
    const handle = new (loaded().FlatIndexHandle)();
    const status = handle.init(Number(dim), String(metric));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    this.#handle = handle;
    finalizer.register(this, handle, this);
  }

  /** A new index holding `vectors` (row-major, `dim` floats per row). */
  static build(vectors, dim, { metric = 'l2', ids } = {}) {
    const index = new FlatIndex(dim, { metric });
    try {
      index.add(vectors, ids);
    } catch (e) {
      index.dispose();
      throw e;
    }
    return index;
  }

  /** Appends rows; without `ids` they get max(existing id) + 1, + 2, ... */
  add(vectors, ids) {
    const handle = this.#live();
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.add(vp, v.length, ip, i.length)));
  }

  /** Row q of the result holds the hits of query q, closest first (ties by ascending id). */
  search(queries, k = 10) {
    const handle = this.#live();
    const q = toFloat32(queries, 'queries');
    const r = throwIfError(withHeap(loaded(), [q], (qp) => handle.search(qp, q.length, Number(k))));
    // ids cross the boundary as little-endian u32 pairs in a fresh buffer (offset 0, 8-byte aligned).
    const ids = new BigUint64Array(r.idWords.buffer, r.idWords.byteOffset, r.idWords.length / 2);
    return { ids, distances: r.distances, k: r.k, queries: r.queries };
  }

  /** Removes these ids (unknown ones are ignored); returns how many rows were removed. */
  remove(ids) {
    const handle = this.#live();
    const i = toIds(ids);
    return throwIfError(withHeap(loaded(), [i], (ip) => handle.remove(ip, i.length)));
  }

  get size() { return this.#live().size(); }
  get dim() { return this.#live().dim(); }
  get metric() { return this.#live().metric(); }
  get memoryBytes() { return this.#live().memoryBytes(); }

  /** Frees the C++ index now. Idempotent; any later use throws. */
  dispose() {
    if (!this.#handle) return;
    finalizer.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }

  #live() {
    loaded();
    if (!this.#handle) throw new RuVectorError('FlatIndex was disposed');
    return this.#handle;
  }
}

/** The rowsA x rowsB distance matrix (row-major) between two row-major float arrays. */
export function distances(a, b, dim, { metric = 'l2' } = {}) {
  const m = loaded();
  const fa = toFloat32(a, 'a');
  const fb = toFloat32(b, 'b');
  return throwIfError(withHeap(m, [fa, fb], (ap, bp) => m.distances(ap, fa.length, bp, fb.length, Number(dim), String(metric))));
}

/** The rowsA x rowsB matrix of bit differences between rows of `bytesPerRow` bytes. */
export function hamming(a, b, bytesPerRow) {
  const m = loaded();
  const ba = toBytes(a, 'a');
  const bb = toBytes(b, 'b');
  return throwIfError(withHeap(m, [ba, bb], (ap, bp) => m.hamming(ap, ba.length, bp, bb.length, Number(bytesPerRow))));
}

/** The instruction set the kernels dispatch to ('simd128' in wasm) and what the CPU offers. */
export function cpuFeatures() {
  return loaded().cpuFeatures();
}
