// Internal (the Pyodide ring only, registered by loader.mjs as the JS module `_ruvector_files`): the
// core's directory code — FsBackend, bundle directories, the transparency log — on Pyodide's own
// files. The wasm module mounts Pyodide's file system into its own (web/bindings/shared_fs.js), so
// the C++ opens the paths Python passes; this file only converts types and throws the error records.
import { PersistError, throwIfError } from '../js/errors.mjs';
import { toBytes } from '../js/convert.mjs';
import { loaded, NativeHandle, withHeap } from '../js/runtime.mjs';
import { bundleInfo } from '../js/bundle_info.mjs';
import { RowsBackend, initialized } from '../js/rows_backend.mjs';

/**
 * Makes Pyodide's files (`fs`: the instance's pyodide.FS) the wasm module's, with `cwd` as its
 * working directory: call before each operation on paths.
 */
export function share(fs, cwd) {
  try {
    loaded().shareFileSystem(fs, String(cwd));
  } catch (cause) {
    throw new PersistError(`cannot use Pyodide's file system (working directory '${cwd}'): ${cause?.message ?? cause}`);
  }
}

function keyList(keys) {
  return Array.from(keys ?? [], String);
}

/** The core's FsBackend over a directory of Pyodide's file system. */
export class FsBackend extends RowsBackend {
  constructor(id, root) {
    super(initialized(loaded().FsBackendHandle, String(id), String(root)), 'FsBackend');
  }

  get root() {
    return this._live().root();
  }
}

/** Registers an FsBackend with a JS Lake (the core holds the backend itself: no adapter). */
export function registerFsBackend(lake, backend) {
  throwIfError(lake._live().registerFs(backend._live()));
}

/** Lake.publish_bundle: `signerKey` '' publishes unsigned, `logDir` '' is the default log directory. */
export function publishBundle(lake, backend, collection, dir, signerKey, logDir) {
  return lake._afterStaging(backend, collection,
    (h) => h.publishBundle(String(backend), String(collection), String(dir), String(signerKey ?? ''), String(logDir ?? '')));
}

export function saveCacheToDir(lake, backend, collection, dir) {
  return throwIfError(lake._live().saveCacheToDir(String(backend), String(collection), String(dir)));
}

export function warmFromDir(lake, backend, collection, dir, trustedKeys) {
  return throwIfError(lake._live().warmFromDir(String(backend), String(collection), String(dir), keyList(trustedKeys)));
}

/** 'UP_TO_DATE' | 'INVALIDATED' | 'BUNDLE_MISSING' | 'NOT_CACHED' */
export function refreshFromBundleDir(lake, backend, collection, dir) {
  return throwIfError(lake._live().refreshFromBundleDir(String(backend), String(collection), String(dir)));
}

/** witness.readBundle of a bundle directory (the core reads the files, streaming the index). */
export function readBundleDir(dir) {
  return bundleInfo(throwIfError(loaded().witnessReadBundleDir(String(dir), false, [])));
}

export function verifyBundleDir(dir, trustedKeys) {
  return bundleInfo(throwIfError(loaded().witnessReadBundleDir(String(dir), true, keyList(trustedKeys))));
}

/** The core's append-only transparency log in a directory; sizes and indexes cross as decimal strings. */
export class TransparencyLog extends NativeHandle {
  constructor(dir) {
    super(initialized(loaded().TransparencyLogHandle, String(dir)), 'TransparencyLog');
  }

  get size() {
    return this._live().size();
  }

  get root() {
    return this._live().root();
  }

  get dir() {
    return this._live().dir();
  }

  append(entry) {
    return throwIfError(this._live().append(entry));
  }

  leafHashAt(index) {
    return throwIfError(this._live().leafHashAt(String(index)));
  }

  inclusionProof(index, size) {
    return throwIfError(this._live().inclusionProof(String(index), String(size)));
  }

  consistencyProof(size1, size2) {
    return throwIfError(this._live().consistencyProof(String(size1), String(size2)));
  }

  writeCheckpoint(origin, signerKey) {
    return throwIfError(this._live().writeCheckpoint(String(origin), String(signerKey)));
  }

  /** The stored checkpoint note, or null. */
  readCheckpoint() {
    return throwIfError(this._live().readCheckpoint());
  }
}

/** The core's write_file_atomic: temp file beside `path`, then a rename over it. */
export function writeFileAtomic(path, bytes) {
  const b = toBytes(bytes, 'bytes');
  const m = loaded();
  throwIfError(withHeap(m, [b], (p) => m.fileWriteAtomic(String(path), p, b.length)));
}

/** The whole file (PersistError naming the path and the reason). */
export function readFile(path) {
  return throwIfError(loaded().fileRead(String(path)));
}
