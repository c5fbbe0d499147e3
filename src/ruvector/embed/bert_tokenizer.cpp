#include "ruvector/embed/bert_tokenizer.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <utility>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw_error(ErrorCode::kEmbedError, message);
}

bool is_white_space(char32_t c) {
  // The Unicode White_Space property (what Rust's char::is_whitespace tests).
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return c >= 0x2000 && c <= 0x200A;
  }
}

utf8proc_category_t category(char32_t c) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(c));
}

bool is_other(char32_t c) {
  const auto cat = category(c);
  return cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CS ||
         cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_CN;
}

bool is_punctuation(char32_t c) {
  if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
  const auto cat = category(c);
  return cat >= UTF8PROC_CATEGORY_PC && cat <= UTF8PROC_CATEGORY_PO;
}

bool is_chinese(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

std::u32string decode(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    utf8proc_int32_t cp = 0;
    const auto len = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (len <= 0) {
      throw_error(ErrorCode::kInvalidInput, "text is not valid UTF-8 (at byte offset " + std::to_string(i) + ")");
    }
    out.push_back(static_cast<char32_t>(cp));
    i += static_cast<std::size_t>(len);
  }
  return out;
}

void append_utf8(char32_t c, std::string& out) {
  utf8proc_uint8_t buf[4];
  const auto len = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
  out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
}

const boost::json::object& object_at(const boost::json::value& v, std::string_view what) {
  if (!v.is_object()) fail(std::string(what) + " must be a JSON object");
  return v.get_object();
}

std::string string_or(const boost::json::object& o, std::string_view key, std::string fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) fail("tokenizer: '" + std::string(key) + "' must be a string");
  return std::string(v->get_string());
}

// true / false, or `fallback` when absent or null.
bool bool_or(const boost::json::object& o, std::string_view key, bool fallback) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_bool()) fail("tokenizer: '" + std::string(key) + "' must be true, false or null");
  return v->get_bool();
}

boost::json::value parse_json(std::string_view json, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec) fail(std::string(what) + " is not valid JSON: " + ec.message());
  return v;
}

}  // namespace

BertTokenizer::BertTokenizer(std::unordered_map<std::string, std::int32_t> vocab, BertTokenizerOptions options)
    : vocab_(std::move(vocab)), options_(std::move(options)) {
  unk_id_ = id_of_special(options_.unk_token);
  cls_id_ = id_of_special(options_.cls_token);
  sep_id_ = id_of_special(options_.sep_token);
  pad_id_ = id_of_special(options_.pad_token);
  if (options_.max_input_chars_per_word == 0) fail("tokenizer: max_input_chars_per_word must be positive");
  for (const auto& [token, id] : vocab_) {
    // Special tokens written in a text are matched as whole tokens before normalisation, as in HF.
    if (token.size() > 2 && token.front() == '[' && token.back() == ']' &&
        (token == options_.unk_token || token == options_.cls_token || token == options_.sep_token ||
         token == options_.pad_token || token == "[MASK]")) {
      specials_.emplace_back(token, id);
    }
  }
  std::sort(specials_.begin(), specials_.end(), [](const auto& a, const auto& b) {
    return a.first.size() > b.first.size() || (a.first.size() == b.first.size() && a.first < b.first);
  });
}

std::int32_t BertTokenizer::id_of_special(const std::string& token) const {
  const auto it = vocab_.find(token);
  if (it == vocab_.end()) fail("tokenizer: special token '" + token + "' is not in the vocabulary");
  return it->second;
}

namespace {

// ---- tokenizer.json, stage by stage ----

// model: a WordPiece model; its unknown token, subword prefix and word length limit.
const boost::json::object& read_wordpiece_model(const boost::json::object& top, BertTokenizerOptions& options) {
  const auto* model_v = top.if_contains("model");
  if (model_v == nullptr) fail("tokenizer.json: no 'model'");
  const auto& model = object_at(*model_v, "tokenizer.json: model");
  const std::string type = string_or(model, "type", "");
  if (type != "WordPiece") {
    fail("tokenizer.json: model type '" + type + "' is not supported (expected WordPiece)");
  }
  options.unk_token = string_or(model, "unk_token", options.unk_token);
  options.continuing_subword_prefix = string_or(model, "continuing_subword_prefix", options.continuing_subword_prefix);
  if (const auto* m = model.if_contains("max_input_chars_per_word"); m != nullptr && m->is_int64()) {
    if (m->get_int64() <= 0) fail("tokenizer.json: max_input_chars_per_word must be positive");
    options.max_input_chars_per_word = static_cast<std::size_t>(m->get_int64());
  }
  return model;
}

// normalizer: a BertNormalizer's switches.
void read_bert_normalizer(const boost::json::object& top, BertTokenizerOptions& options) {
  const auto* norm_v = top.if_contains("normalizer");
  if (norm_v == nullptr || norm_v->is_null()) fail("tokenizer.json: no normalizer (expected BertNormalizer)");
  const auto& norm = object_at(*norm_v, "tokenizer.json: normalizer");
  const std::string norm_type = string_or(norm, "type", "");
  if (norm_type != "BertNormalizer") {
    fail("tokenizer.json: normalizer '" + norm_type + "' is not supported (expected BertNormalizer)");
  }
  options.clean_text = bool_or(norm, "clean_text", true);
  options.handle_chinese_chars = bool_or(norm, "handle_chinese_chars", true);
  options.lowercase = bool_or(norm, "lowercase", true);
  options.strip_accents = bool_or(norm, "strip_accents", options.lowercase);
}

void check_bert_pre_tokenizer(const boost::json::object& top) {
  const auto* pre_v = top.if_contains("pre_tokenizer");
  const std::string pre_type =
      pre_v != nullptr && pre_v->is_object() ? string_or(pre_v->get_object(), "type", "") : std::string("none");
  if (pre_type != "BertPreTokenizer") {
    fail("tokenizer.json: pre-tokenizer '" + pre_type + "' is not supported (expected BertPreTokenizer)");
  }
}

// The token of a BertProcessing "cls" / "sep" pair ["[CLS]", 101], or nothing when not one.
std::optional<std::string> pair_token(const boost::json::value* pair) {
  if (pair == nullptr || !pair->is_array() || pair->get_array().empty() || !pair->get_array()[0].is_string()) {
    return std::nullopt;
  }
  return std::string(pair->get_array()[0].get_string());
}

void read_bert_processing(const boost::json::object& post, BertTokenizerOptions& options) {
  if (std::optional<std::string> cls = pair_token(post.if_contains("cls"))) options.cls_token = std::move(*cls);
  if (std::optional<std::string> sep = pair_token(post.if_contains("sep"))) options.sep_token = std::move(*sep);
}

// The id of a template item {"SpecialToken": {"id": "[CLS]", ...}}, or "" when it is not one.
std::string special_token_of(const boost::json::value& item) {
  if (!item.is_object()) return "";
  const auto* s = item.get_object().if_contains("SpecialToken");
  if (s == nullptr || !s->is_object()) return "";
  const auto* id = s->get_object().if_contains("id");
  return id != nullptr && id->is_string() ? std::string(id->get_string()) : "";
}

// Only the single-sequence template "[CLS] $A [SEP]" (with any special token names).
void read_template_processing(const boost::json::object& post, BertTokenizerOptions& options) {
  const auto* single = post.if_contains("single");
  if (single == nullptr || !single->is_array() || single->get_array().size() != 3) {
    fail("tokenizer.json: a TemplateProcessing other than '[CLS] $A [SEP]' is not supported");
  }
  const auto& items = single->get_array();
  options.cls_token = special_token_of(items[0]);
  options.sep_token = special_token_of(items[2]);
  if (options.cls_token.empty() || options.sep_token.empty() || !items[1].is_object() ||
      !items[1].get_object().contains("Sequence")) {
    fail("tokenizer.json: a TemplateProcessing other than '[CLS] $A [SEP]' is not supported");
  }
}

// post_processor: [CLS] / [SEP] come from it when it names them.
void read_post_processor(const boost::json::object& top, BertTokenizerOptions& options) {
  const auto* post_v = top.if_contains("post_processor");
  if (post_v == nullptr || !post_v->is_object()) return;
  const auto& post = post_v->get_object();
  const std::string post_type = string_or(post, "type", "");
  if (post_type == "BertProcessing") {
    read_bert_processing(post, options);
  } else if (post_type == "TemplateProcessing") {
    read_template_processing(post, options);
  } else {
    fail("tokenizer.json: post-processor '" + post_type + "' is not supported");
  }
}

std::unordered_map<std::string, std::int32_t> read_vocab(const boost::json::object& model) {
  const auto* vocab_v = model.if_contains("vocab");
  if (vocab_v == nullptr || !vocab_v->is_object()) fail("tokenizer.json: model.vocab must be an object");
  std::unordered_map<std::string, std::int32_t> vocab;
  vocab.reserve(vocab_v->get_object().size());
  for (const auto& [token, id] : vocab_v->get_object()) {
    if (!id.is_int64() || id.get_int64() < 0 || id.get_int64() > INT32_MAX) {
      fail("tokenizer.json: vocabulary id of '" + std::string(token) + "' is not a non-negative integer");
    }
    vocab.emplace(std::string(token), static_cast<std::int32_t>(id.get_int64()));
  }
  return vocab;
}

}  // namespace

BertTokenizer BertTokenizer::from_tokenizer_json(std::string_view json) {
  const boost::json::value root = parse_json(json, "tokenizer.json");
  const auto& top = object_at(root, "tokenizer.json");
  BertTokenizerOptions options;
  const boost::json::object& model = read_wordpiece_model(top, options);
  read_bert_normalizer(top, options);
  check_bert_pre_tokenizer(top);
  read_post_processor(top, options);
  if (const auto* pad_v = top.if_contains("padding"); pad_v != nullptr && pad_v->is_object()) {
    options.pad_token = string_or(pad_v->get_object(), "pad_token", options.pad_token);
  }
  return {read_vocab(model), std::move(options)};
}

BertTokenizer BertTokenizer::from_vocab_txt(std::string_view vocab_text, std::string_view tokenizer_config_json) {
  BertTokenizerOptions options;
  if (!tokenizer_config_json.empty()) {
    const boost::json::value root = parse_json(tokenizer_config_json, "tokenizer_config.json");
    const auto& cfg = object_at(root, "tokenizer_config.json");
    const std::string cls = string_or(cfg, "tokenizer_class", "BertTokenizer");
    if (cls != "BertTokenizer" && cls != "BertTokenizerFast") {
      fail("tokenizer_config.json: tokenizer_class '" + cls + "' is not supported (expected BertTokenizer)");
    }
    options.lowercase = bool_or(cfg, "do_lower_case", true);
    options.strip_accents = bool_or(cfg, "strip_accents", options.lowercase);
    options.handle_chinese_chars = bool_or(cfg, "tokenize_chinese_chars", true);
    options.unk_token = string_or(cfg, "unk_token", options.unk_token);
    options.cls_token = string_or(cfg, "cls_token", options.cls_token);
    options.sep_token = string_or(cfg, "sep_token", options.sep_token);
    options.pad_token = string_or(cfg, "pad_token", options.pad_token);
  }
  std::unordered_map<std::string, std::int32_t> vocab;
  std::int32_t id = 0;
  std::size_t begin = 0;
  while (begin < vocab_text.size()) {
    std::size_t end = vocab_text.find('\n', begin);
    if (end == std::string_view::npos) end = vocab_text.size();
    std::string_view line = vocab_text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    vocab.emplace(std::string(line), id++);  // the first of duplicate lines keeps its id
    begin = end + 1;
  }
  if (vocab.empty()) fail("vocab.txt is empty");
  return {std::move(vocab), std::move(options)};
}

namespace {

// ---- normalisation and pre-tokenisation (BertNormalizer, BertPreTokenizer) ----

// clean_text drops NUL, U+FFFD and control characters other than tab and newlines and turns white
// space into ' '; handle_chinese_chars puts spaces around CJK ideographs.
std::u32string cleaned_text(const std::u32string& raw, const BertTokenizerOptions& options) {
  std::u32string cleaned;
  cleaned.reserve(raw.size());
  for (const char32_t c : raw) {
    if (options.clean_text) {
      const bool keep_control = c == U'\t' || c == U'\n' || c == U'\r';
      if (c == 0 || c == 0xFFFD || (!keep_control && is_other(c))) continue;
      if (is_white_space(c)) {
        cleaned.push_back(U' ');
        continue;
      }
    }
    if (options.handle_chinese_chars && is_chinese(c)) {
      cleaned.push_back(U' ');
      cleaned.push_back(c);
      cleaned.push_back(U' ');
    } else {
      cleaned.push_back(c);
    }
  }
  return cleaned;
}

void append_lowercase(char32_t c, std::u32string& out) {
  if (c == 0x130) {  // the one unconditional multi-code-point lower-case mapping: i + U+0307
    out.push_back(U'i');
    out.push_back(0x307);
  } else {
    out.push_back(static_cast<char32_t>(utf8proc_tolower(static_cast<utf8proc_int32_t>(c))));
  }
}

// strip_accents decomposes (NFD) and drops the non-spacing marks; lowercase maps to lower case.
std::u32string normalized_text(const std::u32string& cleaned, const BertTokenizerOptions& options) {
  std::u32string normal;
  normal.reserve(cleaned.size());
  utf8proc_int32_t decomposed[32];
  for (const char32_t c : cleaned) {
    std::size_t count = 1;
    decomposed[0] = static_cast<utf8proc_int32_t>(c);
    if (options.strip_accents) {
      int last_boundclass = 0;
      const auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), decomposed, 32, UTF8PROC_DECOMPOSE,
                                             &last_boundclass);
      count = n > 0 && n <= 32 ? static_cast<std::size_t>(n) : 1;
    }
    for (std::size_t i = 0; i < count; ++i) {
      const auto d = static_cast<char32_t>(decomposed[i]);
      if (options.strip_accents && category(d) == UTF8PROC_CATEGORY_MN) continue;
      if (options.lowercase) {
        append_lowercase(d, normal);
      } else {
        normal.push_back(d);
      }
    }
  }
  return normal;
}

// Words end at white space; each punctuation character is a word of its own.
std::vector<std::u32string> split_on_space_and_punctuation(const std::u32string& normal) {
  std::vector<std::u32string> words;
  std::u32string current;
  const auto end_word = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (const char32_t c : normal) {
    if (is_white_space(c)) {
      end_word();
    } else if (is_punctuation(c)) {
      end_word();
      words.emplace_back(1, c);
    } else {
      current.push_back(c);
    }
  }
  end_word();
  return words;
}

}  // namespace

std::vector<std::u32string> BertTokenizer::split_words(std::string_view text) const {
  return split_on_space_and_punctuation(normalized_text(cleaned_text(decode(text), options_), options_));
}

void BertTokenizer::append_word_pieces(const std::u32string& word, std::string& scratch,
                                       std::vector<std::int32_t>& out) const {
  if (word.size() > options_.max_input_chars_per_word) {
    out.push_back(unk_id_);
    return;
  }
  // UTF-8 of the word and the byte offset of each code point, so that pieces are byte ranges.
  std::string utf8;
  std::vector<std::size_t> offsets;
  offsets.reserve(word.size() + 1);
  for (const char32_t c : word) {
    offsets.push_back(utf8.size());
    append_utf8(c, utf8);
  }
  offsets.push_back(utf8.size());
  const std::size_t first_piece = out.size();
  std::size_t start = 0;
  while (start < word.size()) {
    std::size_t end = word.size();
    std::int32_t found = -1;
    while (start < end) {
      scratch.clear();
      if (start > 0) scratch += options_.continuing_subword_prefix;
      scratch.append(utf8, offsets[start], offsets[end] - offsets[start]);
      if (const auto it = vocab_.find(scratch); it != vocab_.end()) {
        found = it->second;
        break;
      }
      --end;
    }
    if (found < 0) {
      out.resize(first_piece);
      out.push_back(unk_id_);
      return;
    }
    out.push_back(found);
    start = end;
  }
}

std::vector<std::int32_t> BertTokenizer::encode(std::string_view text, std::size_t max_length) const {
  if (max_length < 2) {
    throw_error(ErrorCode::kInvalidInput,
                "max_length must be at least 2 ([CLS] and [SEP]), got " + std::to_string(max_length));
  }
  std::vector<std::int32_t> ids{cls_id_};
  std::string scratch;
  const std::size_t limit = max_length - 1;
  // Special tokens written in the text are whole tokens; the rest is normalised and split.
  std::size_t pos = 0;
  while (pos <= text.size() && ids.size() < limit) {
    std::size_t next = text.size();
    const std::pair<std::string, std::int32_t>* special = nullptr;
    for (const auto& s : specials_) {
      const std::size_t at = text.find(s.first, pos);
      if (at < next) {
        next = at;
        special = &s;
      }
    }
    for (const auto& word : split_words(text.substr(pos, next - pos))) {
      append_word_pieces(word, scratch, ids);
      if (ids.size() >= limit) break;
    }
    if (special == nullptr) break;
    ids.push_back(special->second);
    pos = next + special->first.size();
  }
  if (ids.size() > limit) ids.resize(limit);
  ids.push_back(sep_id_);
  return ids;
}

std::vector<std::string> BertTokenizer::words(std::string_view text) const {
  std::vector<std::string> out;
  for (const auto& word : split_words(text)) {
    std::string utf8;
    for (const char32_t c : word) append_utf8(c, utf8);
    out.push_back(std::move(utf8));
  }
  return out;
}

}  // namespace ruvector::embed
