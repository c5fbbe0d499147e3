// Hand-written declarations for embed.mjs (re-exported by index.d.ts).

export interface HashEmbedderOptions {
  /** Vector length, 1 ..= 1,048,576 (default 384). */
  dim?: number;
  /** Shortest character n-gram in code points (default 3); ngramMin = ngramMax = 0 embeds words only. */
  ngramMin?: number;
  /** Longest character n-gram, <= 16 (default 5). */
  ngramMax?: number;
  /** Hash seed, 0 ..= 2^64 - 1 (default 0); a number must be a safe integer, use a bigint above 2^53. */
  seed?: number | bigint;
}

/**
 * Zero-weight text embedder by feature hashing of words and character n-grams, L2-normalised
 * (docs/hash_embedder.md). The same vectors bit for bit as the Python wheel and the C++ core.
 * Free it with dispose() (a GC finalizer is only a safety net).
 */
export class HashEmbedder {
  /** @throws InvalidInput for options out of range; RuVectorError before init(). */
  constructor(options?: HashEmbedderOptions);
  /**
   * texts.length rows of `dim` floats, row-major (a text without words gives a zero row).
   * @throws InvalidInput for a non-string item or a string with a lone surrogate (names the text)
   */
  embed(texts: readonly string[]): Float32Array;
  /** The `dim` floats of one text. */
  embedOne(text: string): Float32Array;
  /**
   * Texts already encoded as UTF-8, back to back: text i is bytes[offsets[i], offsets[i + 1]), so n
   * texts take n + 1 non-decreasing offsets. Returns n rows of `dim` floats.
   * @throws InvalidInput for invalid UTF-8 or bad offsets
   */
  embedUtf8(bytes: Uint8Array | ArrayLike<number>, offsets: Uint32Array | ArrayLike<number>): Float32Array;
  readonly dim: number;
  readonly ngramMin: number;
  readonly ngramMax: number;
  readonly seed: bigint;
  /** Frees the embedder now; idempotent. Any later use throws RuVectorError. */
  dispose(): void;
}
