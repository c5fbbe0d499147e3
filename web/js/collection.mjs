// Collection: texts with u64 ids and JSON metadata, embedded and searched by text. The collection
// lives in the C++ core (the same one as Python's rv.Collection); this file converts values and
// wraps a caller's embedder or index so that it never throws into wasm (the core gets an
// {error} record, and the original JS error is rethrown here).
import { InvalidInput, throwIfError } from './errors.mjs';
import { toBytes, toFloat32, toIds } from './convert.mjs';
import { HashEmbedder } from './embed.mjs';
import { TextEmbedder } from './text_encoder.mjs';
import { loaded, NativeHandle, withHeap } from './runtime.mjs';
import { describe, withTexts } from './texts.mjs';

const U64_MAX = 2n ** 64n - 1n;
const FROM_BYTES = Symbol('bytes'); // deserialize()'s way through the constructor

function idsFromWords(words) {
  return new BigUint64Array(words.buffer, words.byteOffset, words.length / 2);
}

function errorRecord(e) {
  return { error: { name: e?.name ?? 'Error', message: e?.message ?? String(e) } };
}

function metaJson(metas) {
  if (metas === undefined || metas === null) return [];
  if (typeof metas !== 'object' || typeof metas.length !== 'number') {
    throw new InvalidInput(`metas must be an array with one object (or null) per text, got ${describe(metas)}`);
  }
  return Array.from(metas, (meta, j) => {
    if (meta === null || meta === undefined) return '';
    if (typeof meta !== 'object' || Array.isArray(meta)) {
      throw new InvalidInput(`metas[${j}] must be an object or null, got ${describe(meta)}`);
    }
    return JSON.stringify(meta);
  });
}

/** A filter as the JSON text the core parses: "" for none, a string as given, anything else stringified. */
function filterText(filter) {
  if (filter === undefined || filter === null) return '';
  return typeof filter === 'string' ? filter : JSON.stringify(filter);
}

/**
 * Texts with ids and optional metadata, embedded on add() and searched by text with query().
 * The index is exact below `rabitqThreshold` texts and RaBitQ from then on. Free it with dispose().
 */
export class Collection extends NativeHandle {
  #embedder;
  #thrown; // the JS error a caller's embedder or index threw during the current call

  /** @param {import('./collection.js').CollectionOptions} [options] */
  constructor(options = {}) {
    const { embedder, metric = 'cosine', rabitqThreshold, indexFactory } = options;
    const data = options[FROM_BYTES];
    const handle = new (loaded().CollectionHandle)();
    super(handle, 'Collection');
    this.#embedder = embedder ?? new HashEmbedder();
    this.#init((spec, threshold, factory) => (data === undefined
      ? handle.init(spec, String(metric), threshold, factory)
      : withHeap(loaded(), [data], (p) => handle.initFrom(p, data.length, spec, threshold, factory))),
    rabitqThreshold, indexFactory);
  }

  /** The size from which a collection's index is RaBitQ unless rabitqThreshold says otherwise. */
  static get defaultRabitqThreshold() { return loaded().collectionDefaultRabitqThreshold(); }

  /** A collection from the bytes of serialize(); `embedder` must be the kind it was saved with. */
  static deserialize(bytes, options = {}) {
    return new Collection({ ...options, [FROM_BYTES]: toBytes(bytes, 'bytes') });
  }

  #init(call, rabitqThreshold, indexFactory) {
    const threshold = rabitqThreshold ?? loaded().collectionDefaultRabitqThreshold();
    try {
      this.#guard(() => call(this.#encoderSpec(), Number(threshold), this.#factory(indexFactory)));
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  #encoderSpec() {
    const e = this.#embedder;
    if (e instanceof HashEmbedder) {
      return { kind: 'hash', dim: e.dim, ngramMin: e.ngramMin, ngramMax: e.ngramMax,
        seedHi: Number(e.seed >> 32n), seedLo: Number(e.seed & 0xffffffffn) };
    }
    if (e instanceof TextEmbedder) return e._collectionSpec();
    if (e === null || typeof e !== 'object' || typeof e.embed !== 'function') {
      throw new InvalidInput(`embedder must be a HashEmbedder, a TextEncoder or an object with dim and embed(texts), got ${describe(e)}`);
    }
    return { kind: 'function', dim: Number(e.dim), embed: (texts) => this.#record(() => ({ rows: toFloat32(e.embed(texts), 'embeddings') })) };
  }

  #factory(indexFactory) {
    if (indexFactory === undefined || indexFactory === null) return null;
    if (typeof indexFactory !== 'function') throw new InvalidInput(`indexFactory must be a function, got ${describe(indexFactory)}`);
    return (vectors, idWords, metric) => this.#record(() => {
      const index = indexFactory(vectors, { ids: idsFromWords(idWords), metric });
      return {
        index: {
          add: (v, w) => this.#record(() => { index.add(v, idsFromWords(w)); return {}; }),
          remove: (w) => this.#record(() => ({ removed: Number(index.remove(idsFromWords(w))) })),
          search: (q, k) => this.#record(() => {
            const r = index.search(q, k);
            const ids = toIds(r.ids);
            return { idWords: new Uint32Array(ids.buffer, ids.byteOffset, ids.length * 2),
              distances: toFloat32(r.distances, 'distances'), k: Number(r.k) };
          }),
          size: () => this.#record(() => ({ size: Number(typeof index.size === 'function' ? index.size() : index.size) })),
        },
      };
    });
  }

  // Runs a caller's code for the core: its error becomes a record, kept to be rethrown by #guard.
  #record(fn) {
    try {
      return fn();
    } catch (e) {
      this.#thrown ??= e;
      return errorRecord(e);
    }
  }

  #guard(fn) {
    this.#thrown = undefined;
    const result = fn();
    const thrown = this.#thrown;
    this.#thrown = undefined;
    if (thrown !== undefined) throw thrown;
    return throwIfError(result);
  }

  /**
   * Embeds and stores texts; returns their ids. Without `ids` they continue after the largest id
   * ever used. `metas`: one JSON-serialisable object (or null) per text.
   */
  add(texts, { ids, metas } = {}) {
    const handle = this._live();
    const list = typeof texts === 'string' ? [texts] : texts;
    const metaList = metaJson(metas);
    const idArray = toIds(ids);
    const m = loaded();
    const r = withTexts(m, list, (b, bn, o, on) =>
      withHeap(m, [idArray], (ip) => this.#guard(() => handle.add(b, bn, o, on, ip, idArray.length, metaList))));
    return idsFromWords(r.idWords);
  }

  /** Removes texts by id (unknown ids are ignored); returns how many were removed. */
  remove(ids) {
    const handle = this._live();
    const i = toIds(typeof ids === 'number' || typeof ids === 'bigint' ? [ids] : ids);
    return withHeap(loaded(), [i], (ip) => this.#guard(() => handle.remove(ip, i.length)));
  }

  /**
   * The k best hits ({id, score, text, meta}, best first, ties by ascending id) for one text, or an
   * array of such lists for an array of texts. `score` is higher for closer texts. `options.filter`:
   * a metadata filter (object or its JSON text; docs/integrations.md), applied inside the index scan.
   * @returns {any} Hit[] or Hit[][] (the overloads are in collection.d.ts)
   */
  query(textOrTexts, k = 5, options = {}) {
    const handle = this._live();
    const single = typeof textOrTexts === 'string';
    const filter = filterText(options?.filter);
    const r = withTexts(loaded(), single ? [textOrTexts] : textOrTexts,
      (b, bn, o, on) => this.#guard(() => handle.query(b, bn, o, on, Number(k), filter)));
    const ids = idsFromWords(r.idWords);
    const rows = [];
    let at = 0;
    for (const count of r.counts) {
      const hits = [];
      for (let j = 0; j < count; j++, at++) {
        hits.push({ id: ids[at], score: r.scores[at], text: r.texts[at], meta: r.metas[at] ? JSON.parse(r.metas[at]) : null });
      }
      rows.push(hits);
    }
    return single ? rows[0] : rows;
  }

  /** The ids (BigUint64Array, ascending) of the stored texts, or of those whose metadata pass `options.filter`. */
  ids(options = {}) {
    const handle = this._live();
    const filter = filterText(options?.filter);
    return idsFromWords(this.#guard(() => handle.ids(filter)));
  }

  /** The stored texts with these ids ({id, score: 0, text, meta}), in the order asked; unknown ids are skipped. */
  get(ids) {
    const handle = this._live();
    const i = toIds(typeof ids === 'number' || typeof ids === 'bigint' ? [ids] : ids);
    const r = withHeap(loaded(), [i], (ip) => this.#guard(() => handle.get(ip, i.length)));
    const found = idsFromWords(r.idWords);
    return Array.from(found, (id, j) => ({ id, score: 0, text: r.texts[j], meta: r.metas[j] ? JSON.parse(r.metas[j]) : null }));
  }

  /** The collection's bytes (the file format Python's save() writes). */
  serialize() { const handle = this._live(); return this.#guard(() => handle.serialize()); }

  /** Whether a text with this id is stored. */
  has(id) {
    const handle = this._live();
    let v;
    try { v = BigInt(id); } catch { return false; }
    if (v < 0n || v > U64_MAX) return false;
    return handle.contains(Number(v >> 32n), Number(v & 0xffffffffn));
  }

  get size() { return this._live().size(); }
  get dim() { return this._live().dim(); }
  get metric() { return this._live().metric(); }
  get rabitqThreshold() { return this._live().rabitqThreshold(); }
  /** 'flat', 'rabitq' or 'custom'; null before the first add. */
  get indexKind() { return this._live().indexKind() || null; }
  get embedder() { return this.#embedder; }
}
