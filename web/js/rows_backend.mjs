// Internal (not a public entry point): the calls every core backend that holds rows answers, over its
// Embind handle (web/bindings/lake_bindings.cpp RowsBackendHandle): LocalBackend here, and FsBackend
// in the Pyodide ring (web/pyodide/files.mjs).
import { throwIfError } from './errors.mjs';
import { toFloat32, toIds } from './convert.mjs';
import { loaded, NativeHandle, withHeap } from './runtime.mjs';

/** The binding tags u64 generations {u64: "<decimal>"} (a number would round them): a bigint, or a string. */
export function generationFromCore(g) {
  return typeof g === 'object' && g !== null ? BigInt(g.u64) : g;
}

export class RowsBackend extends NativeHandle {
  get id() {
    return this._live().id();
  }

  /** Replaces (or creates) `collection` with `vectors` (rows of `dim` floats) and their `ids`. */
  putCollection(collection, vectors, dim, ids) {
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    const handle = this._live();
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.put(String(collection), Number(dim), vp, v.length, ip, i.length)));
  }

  /** Adds rows; an id already in the collection throws InvalidInput. */
  append(collection, vectors, ids) {
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    const handle = this._live();
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.append(String(collection), vp, v.length, ip, i.length)));
  }

  /** Removes these ids (unknown ones are ignored); returns how many went. */
  delete(collection, ids) {
    const i = toIds(ids);
    const handle = this._live();
    return throwIfError(withHeap(loaded(), [i], (ip) => handle.remove(String(collection), ip, i.length)));
  }

  /** The collection's generation: a bigint counter. */
  generation(collection) {
    return generationFromCore(throwIfError(this._live().generation(String(collection))));
  }

  listCollections() {
    return throwIfError(this._live().listCollections());
  }

  /** The collection's rows as the core's backend hands them to a lake: {ids, vectors, dim, generation}. */
  pull(collection) {
    const r = throwIfError(this._live().pull(String(collection)));
    const ids = new BigUint64Array(r.idWords.buffer, r.idWords.byteOffset, r.idWords.length / 2);
    return { ids, vectors: r.vectors, dim: r.dim, generation: generationFromCore(r.generation) };
  }

  /** Where the collection's bytes live. */
  dataRef(collection) {
    return throwIfError(this._live().dataRef(String(collection)));
  }
}

/** `new HandleClass()` after its init(...args) succeeded (else the handle is freed and the error thrown). */
export function initialized(HandleClass, ...args) {
  const handle = new HandleClass();
  const status = handle.init(...args);
  if (status !== undefined) {
    handle.delete();
    throwIfError(status);
  }
  return handle;
}
