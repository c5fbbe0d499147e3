#include "ruvector/embed/hash_embedder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/parallel.hpp"

namespace ruvector {
namespace {

constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x00000100000001b3ULL;

constexpr std::uint64_t fnv_step(std::uint64_t h, std::uint8_t byte) noexcept {
  return (h ^ byte) * kFnvPrime;
}

// The avalanche of step 5: every input bit affects every output bit, so `h % dim` and bit 63 are
// well spread even though FNV-1a's own low bits are weak.
constexpr std::uint64_t finalize(std::uint64_t h) noexcept {
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33U;
  return h;
}

constexpr bool is_word_byte(unsigned char b) noexcept {
  return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_continuation(unsigned char b) noexcept {
  return (b & 0xC0U) == 0x80U;
}

constexpr std::int64_t kWordUnits = 2;   // weight 1.0 in units of 0.5
constexpr std::int64_t kNgramUnits = 1;  // weight 0.5

std::string hex_byte(unsigned char b) {
  char text[8];
  (void)std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(b));
  return text;
}

}  // namespace

// Per-thread work buffers, reused across the texts of a chunk.
struct HashEmbedder::Scratch {
  std::vector<std::int64_t> counts;      // dim bucket sums in units of 0.5
  std::string padded;                    // "<" + lowercased word + ">"
  std::vector<std::size_t> code_points;  // byte offset of each code point of `padded`, then its size
};

HashEmbedder::HashEmbedder(const HashEmbedderOptions& options) : seed_(options.seed) {
  if (options.dim < 1 || options.dim > kMaxDim) {
    throw_error(ErrorCode::kInvalidInput,
                "dim must be between 1 and " + std::to_string(kMaxDim) + ", got " + std::to_string(options.dim));
  }
  const bool words_only = options.ngram_min == 0 && options.ngram_max == 0;
  if (!words_only &&
      (options.ngram_min < 1 || options.ngram_min > options.ngram_max || options.ngram_max > kMaxNgram)) {
    throw_error(ErrorCode::kInvalidInput,
                "ngram range must be 1 <= ngram_min <= ngram_max <= " + std::to_string(kMaxNgram) +
                    ", or 0, 0 for words only; got (" + std::to_string(options.ngram_min) + ", " +
                    std::to_string(options.ngram_max) + ")");
  }
  dim_ = static_cast<std::size_t>(options.dim);
  ngram_min_ = static_cast<std::size_t>(options.ngram_min);
  ngram_max_ = static_cast<std::size_t>(options.ngram_max);
}

std::uint64_t HashEmbedder::feature_hash(std::uint64_t seed, std::uint8_t tag, std::string_view bytes) noexcept {
  std::uint64_t h = fnv_step(kFnvOffset ^ seed, tag);
  for (const char c : bytes) h = fnv_step(h, static_cast<std::uint8_t>(c));
  return finalize(h);
}

namespace {

// A feature adds `units` to bucket h % dim, with the sign of bit 63.
void add_feature(std::vector<std::int64_t>& counts, std::uint64_t h, std::int64_t units) {
  counts[static_cast<std::size_t>(h % counts.size())] += (h >> 63U) != 0 ? -units : units;
}

// Calls on_word for each maximal run of word bytes (ASCII letters and digits, and all non-ASCII).
template <class OnWord>
void for_each_word(std::string_view text, OnWord on_word) {
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    while (i < n && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == n) break;
    const std::size_t start = i;
    while (i < n && is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    on_word(text.substr(start, i - start));
  }
}

// counts / |counts| (all zeros for an empty text). Exact: the squares are integers and their sum
// stays far below 2^53 for any realistic text.
void write_l2_normalized(const std::vector<std::int64_t>& counts, float* out) {
  double sum = 0.0;
  for (const std::int64_t c : counts) {
    const auto v = static_cast<double>(c);
    sum += v * v;
  }
  if (sum == 0.0) {
    std::fill_n(out, counts.size(), 0.0F);
    return;
  }
  const double norm = std::sqrt(sum);
  for (std::size_t j = 0; j < counts.size(); ++j) out[j] = static_cast<float>(static_cast<double>(counts[j]) / norm);
}

}  // namespace

void HashEmbedder::embed_row(std::string_view text, Scratch& scratch, float* out) const {
  scratch.counts.assign(dim_, 0);
  for_each_word(text, [&](std::string_view word) { add_word_features(word, scratch); });
  write_l2_normalized(scratch.counts, out);
}

void HashEmbedder::add_word_features(std::string_view word, Scratch& scratch) const {
  auto& padded = scratch.padded;
  padded.assign(1, '<');
  for (const char c : word) padded.push_back(ascii_lower(c));
  padded.push_back('>');
  add_feature(scratch.counts, feature_hash(seed_, kWordTag, std::string_view(padded).substr(1, padded.size() - 2)),
              kWordUnits);
  if (ngram_max_ != 0) add_ngram_features(scratch);
}

void HashEmbedder::add_ngram_features(Scratch& scratch) const {
  const std::string& padded = scratch.padded;
  auto& cps = scratch.code_points;
  cps.clear();
  for (std::size_t j = 0; j < padded.size(); ++j) {
    if (!is_continuation(static_cast<unsigned char>(padded[j]))) cps.push_back(j);
  }
  const std::size_t len = cps.size();  // code points of the padded word
  cps.push_back(padded.size());
  // The n-grams starting at code point s share their FNV prefix: hash once, finalise at each length.
  for (std::size_t s = 0; s + ngram_min_ <= len; ++s) {
    std::uint64_t h = fnv_step(kFnvOffset ^ seed_, kNgramTag);
    const std::size_t longest = std::min(ngram_max_, len - s);
    for (std::size_t g = 1; g <= longest; ++g) {
      for (std::size_t b = cps[s + g - 1]; b < cps[s + g]; ++b) h = fnv_step(h, static_cast<std::uint8_t>(padded[b]));
      if (g >= ngram_min_) add_feature(scratch.counts, finalize(h), kNgramUnits);
    }
  }
}

std::vector<float> HashEmbedder::embed(std::span<const std::string_view> texts, unsigned threads) const {
  check_utf8(texts);
  std::vector<float> out(texts.size() * dim_);
  parallel_for(texts.size(), threads, 64, [&](std::size_t begin, std::size_t end) {
    Scratch scratch;
    for (std::size_t t = begin; t < end; ++t) embed_row(texts[t], scratch, out.data() + t * dim_);
  });
  return out;
}

std::vector<float> HashEmbedder::embed_one(std::string_view text) const {
  std::vector<float> out(dim_);
  embed_into(text, out);
  return out;
}

void HashEmbedder::embed_into(std::string_view text, std::span<float> out) const {
  check_dim(dim_, out.size());
  check_utf8(std::span<const std::string_view>(&text, 1));
  Scratch scratch;
  embed_row(text, scratch, out.data());
}

namespace {

// A well-formed sequence's shape (Unicode table 3-7): the lead byte fixes the length and the range
// of the second byte; later bytes are plain continuations 80..BF.
struct Utf8Lead {
  std::size_t length = 0;  // 0: not a lead byte
  unsigned char second_lo = 0x80;
  unsigned char second_hi = 0xBF;
};

constexpr Utf8Lead utf8_lead(unsigned char b) noexcept {
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};  // no overlongs
  if (b == 0xED) return {3, 0x80, 0x9F};  // no surrogates
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};  // no overlongs
  if (b == 0xF4) return {4, 0x80, 0x8F};  // nothing above U+10FFFF
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  return {};  // 80..C1 (continuation or overlong lead) or F5..FF
}

// Whether the multi-byte sequence led by bytes[i] is complete and well formed.
bool is_well_formed_sequence(std::string_view bytes, std::size_t i, const Utf8Lead& lead) noexcept {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  if (lead.length == 0 || i + lead.length > bytes.size()) return false;
  if (at(i + 1) < lead.second_lo || at(i + 1) > lead.second_hi) return false;
  for (std::size_t k = 2; k < lead.length; ++k) {
    if (!is_continuation(at(i + k))) return false;
  }
  return true;
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    const Utf8Lead lead = utf8_lead(b);
    if (!is_well_formed_sequence(bytes, i, lead)) return i;
    i += lead.length;
  }
  return bytes.size();
}

void check_utf8(std::span<const std::string_view> texts) {
  for (std::size_t t = 0; t < texts.size(); ++t) {
    const std::size_t bad = first_invalid_utf8(texts[t]);
    if (bad != texts[t].size()) {
      throw_error(ErrorCode::kInvalidInput, "texts[" + std::to_string(t) + "] is not valid UTF-8 (byte " +
                                                hex_byte(static_cast<unsigned char>(texts[t][bad])) + " at offset " +
                                                std::to_string(bad) + ")");
    }
  }
}

std::vector<std::string_view> split_texts(std::string_view bytes, std::span<const std::uint32_t> offsets) {
  std::vector<std::string_view> texts;
  if (offsets.empty()) {
    if (!bytes.empty()) {
      throw_error(ErrorCode::kInvalidInput,
                  "offsets is empty but there are " + std::to_string(bytes.size()) + " bytes: pass n + 1 offsets");
    }
    return texts;
  }
  texts.reserve(offsets.size() - 1);
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    if (offsets[i] > bytes.size()) {
      throw_error(ErrorCode::kInvalidInput, "offsets[" + std::to_string(i) + "] = " + std::to_string(offsets[i]) +
                                                " is past the end of the " + std::to_string(bytes.size()) + " bytes");
    }
    if (i > 0 && offsets[i] < offsets[i - 1]) {
      throw_error(ErrorCode::kInvalidInput, "offsets must be non-decreasing: offsets[" + std::to_string(i) +
                                                "] = " + std::to_string(offsets[i]) + " < offsets[" +
                                                std::to_string(i - 1) + "] = " + std::to_string(offsets[i - 1]));
    }
    if (i > 0) texts.push_back(bytes.substr(offsets[i - 1], offsets[i] - offsets[i - 1]));
  }
  return texts;
}

}  // namespace ruvector
