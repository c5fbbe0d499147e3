// Runs inside the module Worker that EmbedWorker (embed_worker.mjs) starts: answers {id, op, args}
// with {id, result} or {id, error: {name, message}}. `load` makes the worker's one TextEncoder from a
// model URL / path or from its files; its first message, {id: 0, result: 'ready'}, says the listener
// is attached.
import { init, TextEmbedder } from './index.mjs';
import { RuVectorError } from './errors.mjs';
import { serveOps } from './worker_serve.mjs';

let encoder = null;

function loadedEncoder() {
  if (!encoder) throw new RuVectorError('EmbedWorker: no model loaded');
  return encoder;
}

const ops = {
  init: (options) => init(options),
  async load(source) {
    encoder?.dispose();
    encoder = typeof source === 'object' && source !== null && !(source instanceof URL)
      ? TextEmbedder.fromFiles(source) : await TextEmbedder.load(source);
    return { dim: encoder.dim, maxSeqLength: encoder.maxSeqLength, pooling: encoder.pooling, normalize: encoder.normalize };
  },
  embed: (texts, options) => loadedEncoder().embed(texts, options),
  tokenize: (text) => loadedEncoder().tokenize(text),
};
await serveOps('EmbedWorker', ops);
