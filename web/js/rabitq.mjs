// RabitqIndex: RaBitQ-quantized approximate nearest-neighbour search with an IVF partition, the same
// C++ core (and the same bytes for the same seed) as the Python wheel. This file only translates
// types; every value is validated by the core, so errors carry the same class and message everywhere.
import { InvalidInput, PersistError, throwIfError } from './errors.mjs';
import { camelKeys, toBytes, toFloat32, toIds, toSeed } from './convert.mjs';
import { nodeOnly } from './platform.mjs';
import { progressBridge } from './progress.mjs';
import { loaded, NativeHandle, searchResult, withHeap } from './runtime.mjs';

const CONSTRUCT = Symbol('RabitqIndex');


function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

// null/undefined mean "let the index choose" (0 in the core), as None does in Python.
const automatic = (value) => (value === undefined || value === null ? 0 : Number(value));

// The core's defaults, names and ranges (src/ruvector/rabitq/params.hpp), parsed once, keys in
// camelCase; the build options below default to these, never to values spelled here.
let coreDefaults;
function defaults() {
  if (coreDefaults === undefined) coreDefaults = camelKeys(loaded().rabitqDefaultsJson());
  return coreDefaults;
}

// A handle whose build/deserialize returned `status`: the index, or the error (the handle freed).
function adopt(handle, status) {
  if (status !== undefined) {
    handle.delete();
    throwIfError(status);
  }
  return new RabitqIndex(CONSTRUCT, handle);
}

function nodeFs(what) {
  return nodeOnly(`RabitqIndex.${what}()`, 'in browsers use serialize() / RabitqIndex.deserialize(bytes) and keep '
    + 'the bytes where you like (IndexedDB, OPFS, a download)', 'Node\'s file system').fs;
}

function pathString(path) {
  if (path instanceof URL) return nodeOnly('a file: URL').fileURLToPath(path);
  if (typeof path !== 'string' || path === '') throw new InvalidInput(`path must be a non-empty string or a file: URL, got ${describe(path)}`);
  return path;
}

// "ENOENT: no such file or directory, open '/x'" -> "No such file or directory" (strerror's wording,
// as in the C++ core's messages).
function reason(err) {
  const match = /^[A-Z0-9_]+: ([^,]+)/.exec(String(err?.message ?? err));
  const text = match ? match[1] : String(err?.message ?? err);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function persistError(action, path, cause) {
  return new PersistError(`cannot ${action} '${path}': ${reason(cause)}`, { cause });
}

// The file a save replaces: `path` itself, or the end of its chain of symlinks.
async function atomicTarget(fs, path) {
  const link = await fs.lstat(path).catch(() => null);
  if (!link?.isSymbolicLink()) return path;
  try {
    return await fs.realpath(path);
  } catch (err) { // dangling or looping
    throw persistError('follow the symlink', path, err);
  }
}

// The core's write_file_atomic (src/ruvector/core/file_io.hpp) through node:fs, which the core's wasm
// module cannot reach: the same rules and messages. Temp file beside the target, fsync, rename
// (readers see the old file or the new one, never a mix); the new file keeps the replaced file's
// mode; a symlink is followed and the file it points to is replaced, the link left as it was.
async function writeAtomic(fs, path, bytes) {
  const target = await atomicTarget(fs, path);
  const old = await fs.stat(target).catch(() => null);
  const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  let file;
  try {
    file = await fs.open(tmp, 'wx', 0o644);
  } catch (err) {
    throw persistError('create', tmp, err);
  }
  let action = 'set the mode of'; // chmod, not open's mode: the umask must not narrow the old mode
  try {
    if (old) await file.chmod(old.mode & 0o7777);
    action = 'write';
    await file.writeFile(bytes);
    action = 'fsync';
    await file.sync();
  } catch (err) {
    await file.close().catch(() => {});
    await fs.unlink(tmp).catch(() => {});
    throw persistError(action, tmp, err);
  }
  await file.close();
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.unlink(tmp).catch(() => {});
    throw persistError('rename into', target, err);
  }
  const slash = target.lastIndexOf('/');
  const dir = slash < 0 ? '.' : target.slice(0, slash) || '/';
  try { // best effort, as in C++: make the rename durable
    const handle = await fs.open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch { /* some file systems refuse to fsync a directory */ }
}

/**
 * Approximate nearest-neighbour index of RaBitQ codes (Gao & Long, SIGMOD 2024) with an IVF
 * partition. Make one with `RabitqIndex.build()` or `RabitqIndex.deserialize()`; free it with
 * dispose() (a GC finalizer is only a safety net).
 */
export class RabitqIndex extends NativeHandle {

  /** Use RabitqIndex.build() or RabitqIndex.deserialize(). */
  constructor(token, handle) {
    if (token !== CONSTRUCT) throw new TypeError('use RabitqIndex.build() or RabitqIndex.deserialize() to make a RabitqIndex');
    super(handle, 'RabitqIndex');
  }

  /**
   * A new index of `vectors` (row-major, `dim` floats per row). `nlist`/`nprobe` undefined let the
   * index choose; `progress(stage, fraction)` is called during the build (an exception it throws
   * abandons the build and is rethrown).
   * @param {import('./index.js').Vectors} vectors
   * @param {number} dim
   * @param {import('./rabitq.js').RabitqBuildOptions} [options]
   */
  static build(vectors, dim, options = {}) {
    const m = loaded();
    const d = defaults();
    const {
      metric = d.metric, bits = d.bits, rerankFactor, nlist, nprobe, seed = d.seed,
      rotation = d.rotation, store = d.store, targetRecall = d.targetRecall, calibrate, ids, progress,
    } = options ?? {};
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    const s = toSeed(seed);
    const bridge = progressBridge(progress, '(stage, fraction)', (done, total, stage, fraction) => [stage, fraction]);
    const handle = new m.RabitqIndexHandle();
    let status;
    try {
      status = withHeap(m, [v, i], (vp, ip) => handle.build(vp, v.length, Number(dim), ip, i.length, String(metric),
        Number(bits), automatic(rerankFactor), automatic(nlist), automatic(nprobe), Number(s >> 32n),
        Number(s & 0xffffffffn), String(rotation), String(store), Number(targetRecall), Boolean(calibrate ?? d.calibrate), bridge.fn));
    } catch (err) {
      handle.delete();
      throw err;
    }
    if (bridge.failed) {
      handle.delete();
      throw bridge.error;
    }
    return adopt(handle, status);
  }

  /**
   * The core's defaults, names and accepted ranges of every option (the same values as Python's
   * RabitqIndex.defaults(), keys in camelCase): metric, metrics, bits, bitsRange, rerankFactor,
   * rerankFactorRange, seed, rotation, rotations, store, stores, nlist/nprobe (0 = automatic), ...
   */
  static defaults() {
    return structuredClone(defaults());
  }

  /** The index stored in `bytes` (from serialize()); PersistError for truncated, corrupt or wrong-version bytes. */
  static deserialize(bytes) {
    const m = loaded();
    const b = toBytes(bytes, 'bytes');
    const handle = new m.RabitqIndexHandle();
    let status;
    try {
      status = withHeap(m, [b], (bp) => handle.deserialize(bp, b.length));
    } catch (err) {
      handle.delete();
      throw err;
    }
    return adopt(handle, status);
  }

  /** Node only: reads an index file written by save() (or by the Python/C++ save()). */
  static async load(path) {
    loaded();
    const fs = nodeFs('load');
    const file = pathString(path);
    let bytes;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      throw persistError('open', file, err);
    }
    return RabitqIndex.deserialize(bytes);
  }

  /** Appends rows; without `ids` they continue after the largest id. Nothing changes on error. */
  add(vectors, ids) {
    const handle = this._live();
    const v = toFloat32(vectors, 'vectors');
    const i = toIds(ids);
    throwIfError(withHeap(loaded(), [v, i], (vp, ip) => handle.add(vp, v.length, ip, i.length)));
  }

  /** Removes these ids (unknown ones are ignored); returns how many rows were removed. */
  remove(ids) {
    const handle = this._live();
    const i = toIds(ids);
    return throwIfError(withHeap(loaded(), [i], (ip) => handle.remove(ip, i.length)));
  }

  /**
   * Row q of the result holds the hits of query q, closest first (ties by ascending id).
   * `nprobe`/`rerankFactor` undefined use the index defaults; `targetRecall` in (0, 1] takes them
   * from the calibration table (the cheapest setting reaching it, else the best).
   */
  search(queries, k = 10, { nprobe, rerankFactor, targetRecall } = {}) {
    const handle = this._live();
    const q = toFloat32(queries, 'queries');
    const hasTarget = targetRecall !== undefined && targetRecall !== null;
    return searchResult(throwIfError(withHeap(loaded(), [q], (qp) => handle.search(qp, q.length, Number(k),
      automatic(nprobe), automatic(rerankFactor), hasTarget, hasTarget ? Number(targetRecall) : 0))));
  }

  /** The index in the versioned, CRC-checked file format (a fresh Uint8Array). */
  serialize() {
    return throwIfError(this._live().serialize());
  }

  /** Node only: writes the index atomically (temp file, fsync, rename). */
  async save(path) {
    const bytes = this.serialize(); // the index as it is now, before anything is awaited
    const fs = nodeFs('save');
    await writeAtomic(fs, pathString(path), bytes);
  }

  get size() { return this._live().size(); }
  get dim() { return this._live().dim(); }
  get metric() { return this._live().metric(); }
  get bits() { return this._live().bits(); }
  get store() { return this._live().store(); }
  get nlist() { return this._live().nlist(); }
  /** Lists searched by default. */
  get nprobe() { return this._live().nprobe(); }
  /** Candidates reranked per hit by default. */
  get rerankFactor() { return this._live().rerankFactor(); }
  /**
   * The build's calibration table (empty if not calibrated): per measured setting nprobe,
   * rerankFactor, recall, recallLower, codesScanned, rowsReranked, cost. A fresh copy; it describes
   * the rows of the build (add/remove leave it as it is).
   */
  get calibration() {
    return JSON.parse(this._live().calibrationJson()).map((entry) => camelKeys(JSON.stringify(entry)));
  }
  get seed() { return BigInt(this._live().seed()); }
  get rotation() { return this._live().rotation(); }
  get memoryBytes() { return this._live().memoryBytes(); }
  /** Bytes served from a file mapping: 0 here (the wasm heap holds the whole index; Python's mapped_bytes). */
  get mappedBytes() { return this._live().mappedBytes(); }
  /** Bytes of quantized codes and factors per vector (without ids and stored vectors). */
  get codeBytesPerVector() { return this._live().codeBytesPerVector(); }


}
