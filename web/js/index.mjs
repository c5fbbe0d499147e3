// The ESM entry point of @ruvector/sdk: loads the wasm module once and wraps its Embind API in
// idiomatic JS (typed arrays in and out, BigInt ids, Error subclasses). Validation lives in C++.
import { throwIfError } from './errors.mjs';
import { toBytes, toFloat32, toIds } from './convert.mjs';
import { loaded, NativeHandle, searchResult, withHeap } from './runtime.mjs';

export * from './errors.mjs';
export { init } from './runtime.mjs';
export { HashEmbedder } from './embed.mjs';
export { Collection } from './collection.mjs';
export { TextEmbedder, TextEmbedder as TextEncoder } from './text_encoder.mjs';
export { ImageEncoder } from './image_encoder.mjs';
export { RabitqIndex } from './rabitq.mjs';
export { HttpBundleBackend, Lake, LocalBackend, ShardMap, eventual } from './lake.mjs';
export { A2AClient, cardRequests, clearCardCache, verifyAgentCard } from './a2a.mjs';
export * as witness from './witness.mjs';

/** Exact (brute-force) k-nearest-neighbour index over float32 vectors. */
export class FlatIndex extends NativeHandle {

  constructor(dim, { metric = 'l2' } = {}) {
    const handle = new (loaded().FlatIndexHandle)();
    const status = handle.init(Number(dim), String(metric));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    super(handle, 'FlatIndex');
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
    const handle = this._live();
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.add(vp, v.length, ip, i.length)));
  }

  /** Row q of the result holds the hits of query q, closest first (ties by ascending id). */
  search(queries, k = 10) {
    const handle = this._live();
    const q = toFloat32(queries, 'queries');
    return searchResult(throwIfError(withHeap(loaded(), [q], (qp) => handle.search(qp, q.length, Number(k)))));
  }

  /** Removes these ids (unknown ones are ignored); returns how many rows were removed. */
  remove(ids) {
    const handle = this._live();
    const i = toIds(ids);
    return throwIfError(withHeap(loaded(), [i], (ip) => handle.remove(ip, i.length)));
  }

  get size() { return this._live().size(); }
  get dim() { return this._live().dim(); }
  get metric() { return this._live().metric(); }
  get memoryBytes() { return this._live().memoryBytes(); }


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

/** The SDK version ("MAJOR.MINOR.PATCH"), as the core was built with (package.json's). */
export function version() {
  return loaded().version();
}

/** The instruction set the kernels dispatch to ('simd128' in wasm) and what the CPU offers. */
export function cpuFeatures() {
  return loaded().cpuFeatures();
}
