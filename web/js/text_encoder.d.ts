// Hand-written declarations for text_encoder.mjs (re-exported by index.d.ts as TextEmbedder and as
// TextEncoder; the latter shadows the web platform's global TextEncoder where imported by that name:
// `import { TextEncoder as RvTextEncoder } from '@ruvector/sdk'` or use `TextEmbedder`).

export interface TextEncoderLoadOptions {
  /** The fetch used for http(s) URLs (default globalThis.fetch). Node reads paths and file: URLs itself. */
  fetch?: (url: URL) => Promise<Response>;
  /** 'int8': dynamic INT8 linear layers (weights per output channel, activations per token); default 'fp32'. */
  quantize?: Quantize;
}

/** How the encoder holds its linear layers' weights. */
export type Quantize = 'fp32' | 'int8';

/** A model file's contents. */
export type ModelFile = Uint8Array | ArrayBuffer | ArrayBufferView | string;

/**
 * Called by the core after each batch of texts (or each image): `done` of `total` so far, the stage
 * ('embed') and done / total. An exception it throws cancels the call and is rethrown.
 */
export type EmbedProgress = (done: number, total: number, stage: string, fraction: number) => void;

export interface EmbedOptions {
  /** Texts per forward pass (default 32); texts are sorted by length and padded with a mask. */
  batchSize?: number;
  /** Progress of the call; in an EmbedWorker it runs on the calling thread. */
  progress?: EmbedProgress | null;
  /** A key of `prompts` (e.g. 'query'): that prompt is prepended to every text; default the model's defaultPromptName. */
  promptName?: string;
}

/**
 * A sentence-transformers BERT-family encoder (e.g. all-MiniLM-L6-v2) computed by the C++ core in
 * wasm: the same tokens and vectors as rv.TextEncoder in Python. Free it with dispose().
 */
export class TextEmbedder {
  /**
   * Loads a model directory: a URL (browser, worker) or a path / file: URL (Node), holding
   * config.json, model.safetensors, tokenizer.json or vocab.txt and the sentence-transformers configs.
   * @throws EmbedError for a missing file or an unsupported model, naming it
   */
  static load(source: string | URL, options?: TextEncoderLoadOptions): Promise<TextEmbedder>;
  /** The model from its files, keyed by their names in the model directory ('1_Pooling/config.json', ...). */
  static fromFiles(files: Record<string, ModelFile>, options?: { quantize?: Quantize }): TextEmbedder;
  private constructor(handle: unknown);
  /** texts.length rows of `dim` floats, row-major (L2-normalised when the model says so). */
  embed(texts: string | readonly string[], options?: EmbedOptions): Float32Array;
  /** Token ids as embed() sees them: [CLS] ... [SEP], truncated to maxSeqLength, after the prompt `promptName`. */
  tokenize(text: string, options?: { promptName?: string }): Int32Array;
  readonly dim: number;
  readonly maxSeqLength: number;
  readonly pooling: 'mean' | 'cls';
  readonly normalize: boolean;
  /** The model's named prompts (config_sentence_transformers.json), e.g. { query: 'query: ' }. */
  readonly prompts: Record<string, string>;
  /** The prompt embed() uses without a promptName; null for none. */
  readonly defaultPromptName: string | null;
  readonly quantize: Quantize;
  /** Frees the model now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}

export { TextEmbedder as TextEncoder };
