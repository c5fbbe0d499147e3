// Internal (not a public entry point): the one instance of the wasm module shared by every wrapper
// (index.mjs, embed.mjs, rabitq.mjs), and the helper that copies typed arrays into its heap.
import createRuvectorModule from './dist/ruvector_wasm.mjs';
import { RuVectorError } from './errors.mjs';
import { RUNNING_IN_NODE, platform } from './platform.mjs';

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

// The module is built for the web (-sENVIRONMENT=web,worker): it finds ruvector_wasm.wasm itself with
// `new URL('ruvector_wasm.wasm', import.meta.url)`, the pattern bundlers follow. Under Node, whose
// fetch cannot read file: URLs, the Node hooks read the file and hand over its bytes.
async function instantiate({ wasmBinary, wasmUrl } = {}) {
  const settings = {};
  try {
    if (wasmBinary) settings.wasmBinary = wasmBinary;
    else if (platform.node && (wasmUrl === undefined || !/^(https?|data|blob):/i.test(String(wasmUrl)))) {
      const file = wasmUrl === undefined ? platform.node.wasmFile
        : /^file:/i.test(String(wasmUrl)) ? new URL(String(wasmUrl)) : String(wasmUrl);
      settings.wasmBinary = await platform.node.fs.readFile(file);
    } else if (wasmUrl) settings.locateFile = () => String(wasmUrl);
    return await createRuvectorModule(settings);
  } catch (cause) {
    throw loadFailed(cause, !settings.wasmBinary && RUNNING_IN_NODE && !platform.node);
  }
}

function loadFailed(cause, nodeWithoutHooks) {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const hint = nodeWithoutHooks ? ' (under Node, import \'@ruvector/sdk\' by name so its "node" export applies, '
    + 'or pass { wasmBinary })' : '';
  return new RuVectorError(`ruvector: could not load the wasm module: ${detail}${hint}`, { cause });
}

/** The loaded module; throws RuVectorError before init() has resolved. */
export function loaded() {
  if (!wasm) throw new RuVectorError('ruvector: the wasm module is not loaded: call await init() first');
  return wasm;
}

/** Copies each typed array into a fresh wasm allocation, calls fn with their byte offsets, frees them. */
export function withHeap(m, arrays, fn) {
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

/** The {ids, distances, k, queries} of a binding's search record (ids arrive as u32 word pairs). */
export function searchResult(r) {
  // A fresh buffer at offset 0 (copied by the binding), so the BigUint64Array view is aligned.
  const ids = new BigUint64Array(r.idWords.buffer, r.idWords.byteOffset, r.idWords.length / 2);
  return { ids, distances: r.distances, k: r.k, queries: r.queries };
}

// The safety net for wrappers dropped without dispose(): frees the C++ object on GC.
const finalizer = new FinalizationRegistry((handle) => handle.delete());

/**
 * Base of the wrappers that own one Embind object (FlatIndex, RabitqIndex, HashEmbedder):
 * dispose() frees it now; a GC finalizer is only a safety net.
 */
export class NativeHandle {
  #handle;
  #name;

  constructor(handle, name) {
    this.#handle = handle;
    this.#name = name;
    finalizer.register(this, handle, this);
  }

  /** Frees the C++ object now. Idempotent; any later use throws. */
  dispose() {
    if (!this.#handle) return;
    finalizer.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }

  /** The live Embind object (internal); throws RuVectorError once disposed. */
  _live() {
    loaded();
    if (!this.#handle) throw new RuVectorError(`${this.#name} was disposed`);
    return this.#handle;
  }
}
