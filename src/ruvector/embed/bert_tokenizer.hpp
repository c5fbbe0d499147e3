// The BERT WordPiece tokenizer, as Hugging Face `tokenizers` runs it for a tokenizer.json with a
// BertNormalizer, BertPreTokenizer, WordPiece model and [CLS] $A [SEP] post-processor (what
// BertTokenizer(Fast) does for uncased checkpoints such as all-MiniLM-L6-v2):
//
//  1. clean text: drop U+0000, U+FFFD and "other" code points (Cc, Cf, Cs, Co, Cn) except \t \n \r;
//     White_Space code points become ' '.
//  2. CJK: every CJK Unified Ideograph (the BERT ranges) is surrounded by spaces.
//  3. strip accents (when asked, or unset and lower-casing): canonical decomposition (NFD), then
//     drop non-spacing marks (Mn).
//  4. lower-case: the Unicode lower-case mapping of each code point.
//  5. words: split at White_Space (dropped) and punctuation (ASCII punctuation or P*, each its own word).
//  6. WordPiece: greedy longest-prefix match in the vocabulary, continuations prefixed "##"; a word
//     longer than max_input_chars_per_word code points, or with an unmatched rest, is [UNK].
//  7. [CLS] + pieces + [SEP], the pieces truncated so that the whole fits max_length.
// Unicode data (categories, decompositions, case) comes from utf8proc, compiled for every target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ruvector::embed {

struct BertTokenizerOptions {
  bool clean_text = true;
  bool handle_chinese_chars = true;
  bool strip_accents = true;
  bool lowercase = true;
  std::string unk_token = "[UNK]";
  std::string cls_token = "[CLS]";
  std::string sep_token = "[SEP]";
  std::string pad_token = "[PAD]";
  std::string continuing_subword_prefix = "##";
  std::size_t max_input_chars_per_word = 100;
};

class BertTokenizer {
 public:
  // From a Hugging Face tokenizer.json. EmbedError names what is not a BERT WordPiece tokenizer
  // ("tokenizer.json: model type 'BPE' is not supported (expected WordPiece)").
  static BertTokenizer from_tokenizer_json(std::string_view json);
  // From vocab.txt (one token per line, id = line number) and, when not empty, the options of a
  // tokenizer_config.json (do_lower_case, strip_accents, tokenize_chinese_chars, special tokens).
  static BertTokenizer from_vocab_txt(std::string_view vocab, std::string_view tokenizer_config_json);

  BertTokenizer(std::unordered_map<std::string, std::int32_t> vocab, BertTokenizerOptions options);

  // Token ids of one text: [CLS] pieces [SEP], at most max_length ids (>= 2). The text must be
  // valid UTF-8 (check_utf8 first; invalid bytes here are InvalidInput).
  [[nodiscard]] std::vector<std::int32_t> encode(std::string_view text, std::size_t max_length) const;
  // The words of steps 1-5 (for tests and for explaining a tokenization).
  [[nodiscard]] std::vector<std::string> words(std::string_view text) const;

  [[nodiscard]] std::int32_t pad_id() const noexcept { return pad_id_; }
  [[nodiscard]] std::int32_t cls_id() const noexcept { return cls_id_; }
  [[nodiscard]] std::int32_t sep_id() const noexcept { return sep_id_; }
  [[nodiscard]] std::int32_t unk_id() const noexcept { return unk_id_; }
  [[nodiscard]] std::size_t vocab_size() const noexcept { return vocab_.size(); }
  [[nodiscard]] const BertTokenizerOptions& options() const noexcept { return options_; }

 private:
  std::int32_t id_of_special(const std::string& token) const;
  void append_word_pieces(const std::u32string& word, std::string& scratch, std::vector<std::int32_t>& out) const;
  [[nodiscard]] std::vector<std::u32string> split_words(std::string_view text) const;

  std::unordered_map<std::string, std::int32_t> vocab_;
  std::vector<std::pair<std::string, std::int32_t>> specials_;  // longest first
  BertTokenizerOptions options_;
  std::int32_t unk_id_ = 0;
  std::int32_t cls_id_ = 0;
  std::int32_t sep_id_ = 0;
  std::int32_t pad_id_ = 0;
};

}  // namespace ruvector::embed
