// Hand-written declarations for embed_worker.mjs.
import type { EmbedOptions, ModelFile } from './text_encoder.js';

export interface EmbedWorkerOptions {
  /** The model directory (URL, or a path in Node) or its files keyed by name, as TextEncoder.load / fromFiles take. */
  model: string | URL | Record<string, ModelFile>;
  /** The worker script (default: embed_worker_host.mjs next to embed_worker.mjs). */
  url?: string | URL;
  /** Passed to init() inside the worker. */
  wasmUrl?: string | URL;
}

/** A TextEncoder in its own Worker: embeddings as Promises, the calling thread never blocks. */
export class EmbedWorker {
  private constructor(token: symbol);
  /** @throws EmbedError (rejects) when the model cannot be loaded */
  static create(options: EmbedWorkerOptions): Promise<EmbedWorker>;
  embed(texts: string | readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  tokenize(text: string): Promise<Int32Array>;
  readonly dim: number;
  readonly maxSeqLength: number;
  readonly pooling: 'mean' | 'cls';
  readonly normalize: boolean;
  terminate(): void;
}
