// HashEmbedder: the zero-weight feature-hashing text embedder of the C++ core (docs/hash_embedder.md),
// the same vectors bit for bit as the Python wheel and C++. This file only translates types: texts are
// UTF-8 encoded straight into the wasm heap, options and UTF-8 validity are checked by the core.
import { InvalidInput, RuVectorError, throwIfError } from './errors.mjs';
import { toBytes, toSeed } from './convert.mjs';
import { loaded, NativeHandle, withHeap } from './runtime.mjs';

const U32_MAX = 2 ** 32 - 1;
const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;


function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

function isWellFormed(text) {
  return typeof text.isWellFormed === 'function' ? text.isWellFormed() : !LONE_SURROGATE.test(text);
}

// UTF-8 that keeps a lone surrogate as its 3-byte form (WTF-8), as Python's 'surrogatepass' does: the
// core then refuses the text with the same message ("texts[i] is not valid UTF-8 (byte 0xED at offset
// n)") as every other target. TextEncoder would silently turn it into U+FFFD. Only used for such texts.
function encodeWtf8(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
}

function checkTexts(texts) {
  if (typeof texts === 'string') {
    throw new InvalidInput('texts must be an array of strings, got a string: use embedOne(text) for one text');
  }
  if (texts === null || typeof texts !== 'object' || typeof texts.length !== 'number') {
    throw new InvalidInput(`texts must be an array of strings, got ${describe(texts)}`);
  }
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== 'string') throw new InvalidInput(`texts[${i}] must be a string, got ${describe(texts[i])}`);
  }
}

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
    checkTexts(texts);
    const m = loaded();
    const n = texts.length;
    // Encode straight into the wasm heap: one allocation sized for the worst case (3 bytes per
    // UTF-16 code unit), texts back to back, offsets[i]..offsets[i + 1] delimiting text i.
    let capacity = 0;
    for (let i = 0; i < n; i++) capacity += texts[i].length * 3;
    const bytes = m._malloc(Math.max(capacity, 1));
    if (bytes === 0) throw new RuVectorError(`out of memory: cannot allocate ${capacity} bytes in the wasm heap`);
    try {
      const offsets = new Uint32Array(n + 1);
      const heap = m.HEAPU8; // nothing allocates in this loop, so the view stays valid
      let at = bytes;
      for (let i = 0; i < n; i++) {
        const text = texts[i];
        if (isWellFormed(text)) {
          at += encoder.encodeInto(text, heap.subarray(at, at + text.length * 3)).written;
        } else {
          const raw = encodeWtf8(text);
          heap.set(raw, at);
          at += raw.length;
        }
        offsets[i + 1] = at - bytes;
      }
      return throwIfError(withHeap(m, [offsets], (op) => handle.embed(bytes, at - bytes, op, offsets.length)));
    } finally {
      m._free(bytes);
    }
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
