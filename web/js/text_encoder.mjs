// TextEncoder: a sentence-transformers BERT-family model (e.g. all-MiniLM-L6-v2) run by the C++ core
// in wasm. This file fetches or takes the model's files and moves bytes; parsing, tokenizing,
// pooling and every check are the core's. Exported as TextEncoder (the SDK's name) and TextEmbedder
// (the same class), since TextEncoder is also the web platform's global:
//   import { TextEncoder as RvTextEncoder } from '@ruvector/sdk';   or   import { TextEmbedder } ...
import { EmbedError, InvalidInput, RuVectorError, throwIfError } from './errors.mjs';
import { loaded, NativeHandle } from './runtime.mjs';
import { asBytes, heapCopy, modelUrl, readModelFile } from './model_files.mjs';
import { embedProgress } from './progress.mjs';
import { describe, withTexts } from './texts.mjs';

const utf8 = new globalThis.TextDecoder();

// What load() fetches (vocab.txt only without tokenizer.json, the Pooling module's config.json
// once modules.json names it); which of them the model uses is the core's decision (fromFiles).
const FETCHED_TEXT_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'sentence_bert_config.json', 'modules.json',
  'config_sentence_transformers.json'];

// The core's form of a promptName option: '' for absent (the model's default prompt).
const promptArg = (promptName) => {
  if (promptName === undefined || promptName === null) return '';
  if (typeof promptName !== 'string') throw new InvalidInput(`promptName must be a string, got ${describe(promptName)}`);
  return promptName;
};

// Reads `name` under `base` (a directory URL); null when it does not exist.
const readFrom = (base, name, fetchFn) => readModelFile(new URL(name, base), fetchFn);

/**
 * A BERT-family sentence encoder computed by the core. Free it with dispose() (the model's weights
 * live in the wasm heap; a GC finalizer is only a safety net).
 */
export class TextEmbedder extends NativeHandle {
  #dim;

  /**
   * Loads a model directory by URL (browser, worker) or path / file: URL (Node): config.json,
   * model.safetensors, tokenizer.json or vocab.txt (+ tokenizer_config.json), and the
   * sentence-transformers configs (sentence_bert_config.json, modules.json, the Pooling module's
   * config.json, config_sentence_transformers.json with the named prompts) when present.
   * @param {string | URL} source
   * @param {{ fetch?: (url: URL) => Promise<Response>, quantize?: 'fp32' | 'int8' }} [options]
   */
  static async load(source, { fetch: fetchFn = globalThis.fetch, quantize } = {}) {
    const base = await modelUrl(source, { directory: true });
    const got = await Promise.all(FETCHED_TEXT_FILES.map((n) => readFrom(base, n, fetchFn)));
    const files = Object.fromEntries(FETCHED_TEXT_FILES.map((n, i) => [n, got[i]]).filter(([, v]) => v !== null));
    if (!files['tokenizer.json']) {
      const vocab = await readFrom(base, 'vocab.txt', fetchFn);
      if (vocab) files['vocab.txt'] = vocab;
    }
    const pooling = files['modules.json'] ? TextEmbedder.#poolingPath(utf8.decode(files['modules.json'])).replace(/\/+$/, '') : '';
    if (pooling) {
      const config = await readFrom(base, `${pooling}/config.json`, fetchFn);
      if (config) files[`${pooling}/config.json`] = config;
    }
    const weights = await readFrom(base, 'model.safetensors', fetchFn);
    if (!weights) throw new EmbedError(`no model.safetensors in '${base}' (pytorch_model.bin and ONNX files are not supported)`);
    files['model.safetensors'] = weights;
    return TextEmbedder.fromFiles(files, { quantize });
  }

  static #poolingPath(modulesJson) {
    return throwIfError(loaded().textEncoderPoolingPath(modulesJson));
  }

  /**
   * The model from its files' contents, keyed by their names in the model directory (e.g.
   * 'config.json', 'model.safetensors', 'tokenizer.json', '1_Pooling/config.json'): Uint8Array,
   * ArrayBuffer or string. The weights are copied into the wasm heap once. `quantize` ('fp32' or
   * 'int8'; the core's default when absent) as in Python's TextEncoder.load.
   */
  static fromFiles(files, { quantize } = {}) {
    if (files === null || typeof files !== 'object') throw new InvalidInput(`files must be an object, got ${describe(files)}`);
    const m = loaded();
    const texts = {};
    for (const [name, value] of Object.entries(files)) {
      if (name !== 'model.safetensors' && value !== undefined && value !== null) {
        texts[name] = typeof value === 'string' ? value : asBytes(value, name);
      }
    }
    const weights = files['model.safetensors'] === undefined ? new Uint8Array(0) : asBytes(files['model.safetensors'], 'model.safetensors');
    const handle = new m.TextEncoderHandle();
    const p = heapCopy(m, weights);
    if (p === 0) {
      handle.delete();
      throw new RuVectorError(`out of memory: cannot allocate ${weights.length} bytes in the wasm heap`);
    }
    const status = handle.init(texts, p, weights.length, quantize); // the handle owns p from here on
    if (status !== undefined) {
      handle.delete();
      throwIfError(status);
    }
    return new TextEmbedder(handle);
  }

  /** @internal use load() or fromFiles() */
  constructor(handle) {
    if (handle === undefined || typeof handle?.embed !== 'function') {
      throw new InvalidInput('use TextEncoder.load(url or path) or TextEncoder.fromFiles(files)');
    }
    super(handle, 'TextEncoder');
    this.#dim = handle.dim();
  }

  /**
   * texts.length rows of `dim` floats, row-major. Texts are batched by length (`batchSize` per forward
   * pass, the core's default when absent), padded with an attention mask. `progress(done, total,
   * stage, fraction)` is called by the core after each batch (texts done so far); an exception it
   * throws cancels the call and is rethrown (the encoder stays usable). `promptName` (a key of
   * `prompts`, e.g. 'query') prepends that prompt to every text, as sentence-transformers'
   * encode(prompt_name=); absent: the model's defaultPromptName, if any.
   */
  embed(texts, { batchSize, progress, promptName } = {}) {
    const handle = this._live();
    const batch = batchSize ?? loaded().textEncoderDefaultBatchSize();
    const prompt = promptArg(promptName);
    const bridge = embedProgress(progress);
    return bridge.result(withTexts(loaded(), typeof texts === 'string' ? [texts] : texts,
      (b, bn, o, on) => handle.embed(b, bn, o, on, Number(batch), bridge.fn, prompt)));
  }

  /** Token ids as embed() sees them: [CLS] ... [SEP], truncated to maxSeqLength, `promptName` as in embed(). */
  tokenize(text, { promptName } = {}) {
    const handle = this._live();
    if (typeof text !== 'string') throw new InvalidInput(`text must be a string, got ${describe(text)}`);
    return throwIfError(handle.tokenize(text, promptArg(promptName)));
  }

  /** The core object the Collection binding embeds with (internal). */
  _collectionSpec() { return { kind: 'text', encoder: this._live() }; }

  get dim() { this._live(); return this.#dim; }
  get maxSeqLength() { return this._live().maxSeqLength(); }
  get pooling() { return this._live().pooling(); }
  get normalize() { return this._live().normalize(); }
  /** The model's named prompts (config_sentence_transformers.json), e.g. { query: 'query: ' }. */
  get prompts() { return this._live().prompts(); }
  /** The prompt embed() uses without a promptName; null for none. */
  get defaultPromptName() { return this._live().defaultPromptName() || null; }
  get quantize() { return this._live().quantize(); }
}
