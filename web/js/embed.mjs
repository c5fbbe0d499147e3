// HashEmbedder: the zero-weight feature-hashing text embedder of the C++ core (docs/hash_embedder.md),
// the same vectors bit for bit as the Python wheel and C++. This file only translates types: texts are
// UTF-8 encoded straight into the wasm heap, options and UTF-8 validity are checked by the core.
import { InvalidInput, throwIfError } from './errors.mjs';
import { toBytes, toSeed } from './convert.mjs';
import { loaded, NativeHandle, withHeap } from './runtime.mjs';
import { describe, withTexts } from './texts.mjs';

const U32_MAX = 2 ** 32 - 1;

function toOffsets(value) {
  if (value instanceof Uint32Array) return value;
  if (value === null || typeof value !== 'object' || typeof value.length !== 'number') {
    throw new InvalidInput(`offsets must be a Uint32Array or an array of integers, got ${describe(value)}`);
  }
  return Uint32Array.from(value, (v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > U32_MAX) throw new InvalidInput(`offsets[${i}] is not a u32: ${v}`);
    return v;
  });
}

/**
 * Zero-weight text embedder by feature hashing (words + character n-grams, L2-normalised).
 * Free it with dispose() (a GC finalizer is only a safety net).
 */
export class HashEmbedder extends NativeHandle {
  #dim;
  #seed;

  /** @param {import('./embed.js').HashEmbedderOptions} [options] */
  constructor({ dim = 384, ngramMin = 3, ngramMax = 5, seed = 0 } = {}) {
    const m = loaded();
    const s = toSeed(seed);
    const handle = new m.HashEmbedderHandle();
    const status = handle.init(Number(dim), Number(ngramMin), Number(ngramMax), Number(s >> 32n),
      Number(s & 0xffffffffn));
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    super(handle, 'HashEmbedder');
    this.#dim = handle.dim();
    this.#seed = s;
  }

  /** texts.length rows of `dim` floats, row-major. */
  embed(texts) {
    const handle = this._live();
    return withTexts(loaded(), texts, (bytes, byteCount, offsets, offsetCount) =>
      throwIfError(handle.embed(bytes, byteCount, offsets, offsetCount)));
  }

  /** The embedding of one text (`dim` floats). */
  embedOne(text) {
    if (typeof text !== 'string') {
      this._live();
      throw new InvalidInput(`text must be a string, got ${describe(text)}`);
    }
    return this.embed([text]);
  }

  /**
   * Texts already encoded as UTF-8, back to back in `bytes`; text i is bytes[offsets[i], offsets[i + 1]),
   * so n texts take n + 1 non-decreasing offsets. Invalid UTF-8 throws InvalidInput naming the text.
   */
  embedUtf8(bytes, offsets) {
    const handle = this._live();
    const m = loaded();
    const b = toBytes(bytes, 'bytes');
    const o = toOffsets(offsets);
    return throwIfError(withHeap(m, [b, o], (bp, op) => handle.embed(bp, b.length, op, o.length)));
  }

  get dim() { this._live(); return this.#dim; }
  get ngramMin() { return this._live().ngramMin(); }
  get ngramMax() { return this._live().ngramMax(); }
  get seed() { this._live(); return this.#seed; }


}
