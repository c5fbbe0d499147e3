// HashEmbedder: a zero-weight text embedder by feature hashing, identical bit for bit on every
// target. The full specification (which docs/hash_embedder.md states with examples, and which
// tests/data/make_golden_embed.py re-implements independently) is:
//
//  1. Input: each text is bytes that must be well-formed UTF-8 (RFC 3629); otherwise InvalidInput
//     "texts[i] is not valid UTF-8 (byte 0xED at offset 5)" naming the first ill-formed sequence of
//     the first bad text. A batch is validated completely before any work.
//  2. Normalisation: ASCII A-Z -> a-z; nothing else (no Unicode case folding or normalisation).
//  3. Words: maximal runs of word characters = ASCII letters/digits and every byte >= 0x80 (every
//     non-ASCII code point). All other bytes (ASCII space, punctuation, '_', controls) separate words.
//  4. Character n-grams: for each word w, p = "<" + w + ">"; every run of n code points of p for n in
//     [ngram_min, ngram_max] (none when p is shorter than n). ngram range 0, 0 = words only.
//  5. Hash H(seed, tag, bytes): h = 0xcbf29ce484222325 ^ seed; for each byte b of tag ++ bytes:
//     h = (h ^ b) * 0x100000001b3 (FNV-1a 64 step, mod 2^64); then the avalanche
//     h ^= h >> 33; h *= 0xff51afd7ed558ccd; h ^= h >> 33; h *= 0xc4ceb9fe1a85ec53; h ^= h >> 33.
//     tag = 0x01 for a word, 0x02 for an n-gram.
//  6. bucket = h % dim; sign = bit 63 of h set ? -1 : +1.
//  7. Weights: word 1.0, n-gram 0.5, accumulated exactly as integers in units of 0.5 (2 and 1).
//  8. v[i] = float(double(c[i]) / sqrt(double(sum c[j]^2))): exact integer sum, IEEE sqrt and
//     division in double, one rounding to float32 -- hence bit-identical results everywhere.
//  9. A text without words gives the zero vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace ruvector {

struct HashEmbedderOptions {
  std::int64_t dim = 384;      // 1 ..= kMaxDim
  std::int64_t ngram_min = 3;  // 1 <= ngram_min <= ngram_max <= kMaxNgram, or 0, 0 = words only
  std::int64_t ngram_max = 5;
  std::uint64_t seed = 0;
};

class HashEmbedder {
 public:
  static constexpr std::int64_t kMaxDim = 1048576;  // 2^20
  static constexpr std::int64_t kMaxNgram = 16;

  // Throws InvalidInput for options outside the ranges above (the message names the values).
  explicit HashEmbedder(const HashEmbedderOptions& options = {});

  // texts.size() rows of dim() floats, row-major. Spreads texts over `threads` threads natively
  // (0 = all cores); serial in wasm. Throws InvalidInput naming the first text that is not UTF-8.
  [[nodiscard]] std::vector<float> embed(std::span<const std::string_view> texts, unsigned threads = 0) const;
  [[nodiscard]] std::vector<float> embed_one(std::string_view text) const;
  // Writes one embedding into `out` (out.size() must be dim(), else DimensionMismatch).
  void embed_into(std::string_view text, std::span<float> out) const;

  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] std::size_t ngram_min() const noexcept { return ngram_min_; }
  [[nodiscard]] std::size_t ngram_max() const noexcept { return ngram_max_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }

  // The 64-bit feature hash of step 5 (exposed for tests and for other implementations to check).
  [[nodiscard]] static std::uint64_t feature_hash(std::uint64_t seed, std::uint8_t tag,
                                                  std::string_view bytes) noexcept;
  static constexpr std::uint8_t kWordTag = 0x01;
  static constexpr std::uint8_t kNgramTag = 0x02;

 private:
  struct Scratch;
  void embed_row(std::string_view text, Scratch& scratch, float* out) const;
  // Adds one word's features to scratch.counts: the word itself, then the n-grams of "<word>".
  void add_word_features(std::string_view word, Scratch& scratch) const;
  void add_ngram_features(Scratch& scratch) const;  // of scratch.padded

  std::size_t dim_;
  std::size_t ngram_min_;
  std::size_t ngram_max_;
  std::uint64_t seed_;
};

// The byte offset of the first ill-formed UTF-8 sequence in `bytes`, or bytes.size() if it is all
// well-formed (RFC 3629: no overlongs, surrogates, code points above U+10FFFF or truncations).
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view bytes) noexcept;

// Throws InvalidInput "texts[i] is not valid UTF-8 (byte 0xED at offset 5)" for the first bad text.
void check_utf8(std::span<const std::string_view> texts);

// Splits a buffer of concatenated texts at n + 1 non-decreasing offsets (offsets.back() <= size):
// text i is bytes[offsets[i], offsets[i + 1]). Throws InvalidInput for bad offsets. Used by the
// bindings that receive many texts as one buffer (wasm, Pyodide).
[[nodiscard]] std::vector<std::string_view> split_texts(std::string_view bytes, std::span<const std::uint32_t> offsets);

}  // namespace ruvector
