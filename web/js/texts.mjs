// Texts into the wasm heap for the bindings that take many (embedders, Collection): one UTF-8 buffer,
// texts back to back, plus n + 1 u32 offsets. Internal, not a public entry point.
import { InvalidInput, RuVectorError } from './errors.mjs';
import { withHeap } from './runtime.mjs';

const encoder = new TextEncoder();
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;


export function describe(value) {
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

export function checkTexts(texts) {
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

/**
 * Checks `texts`, encodes them straight into the wasm heap (one allocation sized for the worst case,
 * 3 bytes per UTF-16 code unit) and calls fn(bytes, byteCount, offsets, offsetCount) with heap
 * offsets; frees everything after.
 */
export function withTexts(m, texts, fn) {
  checkTexts(texts);
  const n = texts.length;
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
    return withHeap(m, [offsets], (op) => fn(bytes, at - bytes, op, offsets.length));
  } finally {
    m._free(bytes);
  }
}
