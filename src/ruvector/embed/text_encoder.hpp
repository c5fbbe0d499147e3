// TextEncoder: a sentence-transformers BERT-family model (e.g. all-MiniLM-L6-v2) in the core.
// Files: config.json, model.safetensors, tokenizer.json (or vocab.txt + tokenizer_config.json), and
// the sentence-transformers configs when present: sentence_bert_config.json (max_seq_length),
// modules.json (which Pooling directory, whether a Normalize module follows) and
// <pooling>/config.json (mean or CLS pooling) and config_sentence_transformers.json (named prompts,
// e.g. {"query": "query: "}, prepended to a text as sentence-transformers' encode(prompt_name=) does).
// embed() tokenizes, sorts the texts by length, runs
// batches padded to their longest text with an attention mask, pools over the real tokens and
// L2-normalises when the model says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ruvector/core/progress.hpp"
#include "ruvector/embed/bert_model.hpp"
#include "ruvector/embed/bert_tokenizer.hpp"
#include "ruvector/embed/safetensors.hpp"

namespace ruvector::embed {

// The contents of a model's files (empty view = file absent). The weights stay referenced by the
// encoder: `weights_owner` keeps them alive (the file mapping natively, a buffer in wasm).
struct TextEncoderFiles {
  std::string_view config_json;
  std::string_view tokenizer_json;
  std::string_view vocab_txt;
  std::string_view tokenizer_config_json;
  std::string_view sentence_bert_config_json;
  std::string_view modules_json;
  std::string_view pooling_config_json;                // the config.json in the Pooling module's directory
  std::string_view sentence_transformers_config_json;  // config_sentence_transformers.json (prompts)
  std::shared_ptr<const void> weights_owner;
  std::span<const std::uint8_t> weights;  // model.safetensors
};

// A model's text files, owned (empty = absent), and the one plan by which every loader finds them:
// the native directory reader, the wasm binding (the files JS fetched or was handed) and tests.
struct TextEncoderTexts {
  std::string config_json;
  std::string tokenizer_json;
  std::string vocab_txt;
  std::string tokenizer_config_json;
  std::string sentence_bert_config_json;
  std::string modules_json;
  std::string pooling_config_json;
  std::string sentence_transformers_config_json;

  // `read_text(path)` returns the file at `path` in the model directory, "" when it is absent.
  // vocab.txt is read only without tokenizer.json; the pooling config is the config.json in the
  // directory modules.json names for its Pooling module (EmbedError when that leaves the directory).
  static TextEncoderTexts read(const std::function<std::string(const std::string&)>& read_text);
  // Views of these texts beside the weights, for TextEncoder::from_files (this object must outlive the call).
  [[nodiscard]] TextEncoderFiles files(std::shared_ptr<const void> weights_owner,
                                       std::span<const std::uint8_t> weights) const;
};

enum class Pooling { kMean, kCls };

// config_sentence_transformers.json's named prompts, in file order, and the one used when a call names
// none (sentence-transformers' default_prompt_name; "" = no prompt).
struct Prompts {
  std::vector<std::pair<std::string, std::string>> named;
  std::string default_name;

  // The text to prepend for `name` ("" = the default prompt); InvalidInput naming an unknown name and the known ones.
  [[nodiscard]] std::string_view text_of(std::string_view name) const;
  // The prompt names sentence-transformers' encode_query / encode_document pick: "query"; the first of
  // "document", "passage", "corpus"; "" (the default prompt) when the model has none of them.
  [[nodiscard]] std::string_view query_name() const noexcept;
  [[nodiscard]] std::string_view document_name() const noexcept;
};

// Called after each batch as stage "embed" with texts (or images) done of total.
using EmbedProgress = ruvector::Progress;

class TextEncoder {
 public:
  static constexpr std::size_t kDefaultBatchSize = 32;

  // EmbedError names the unsupported architecture, tokenizer, pooling or missing file.
  // `format`: fp32 weights, or int8 (dynamic quantization of the linear layers).
  static std::shared_ptr<const TextEncoder> from_files(const TextEncoderFiles& files,
                                                       WeightFormat format = kDefaultWeightFormat);
#if !defined(__EMSCRIPTEN__)
  // A model directory; the sentence-transformers module directory of the Pooling module is found
  // from modules.json. model.safetensors is memory-mapped read-only and its F32 tensors that are
  // already in the compute layout (embedding tables, norms) are used in place; the linear layers
  // are packed (int8: quantized) copies, whose file pages are released after load. The file is
  // validated against its size at load (a short file is EmbedError), but the encoder reads the
  // mapping for as long as it lives: replace a model file by a rename (as pip and hub downloads
  // do), never truncate or rewrite it in place while it is loaded (a truncated file raises SIGBUS
  // in the process at the next embed). from_files on bytes read into memory has no such tie.
  static std::shared_ptr<const TextEncoder> load(const std::string& directory,
                                                 WeightFormat format = kDefaultWeightFormat);
#endif

  // Token ids as embed() sees them: [CLS] ... [SEP], truncated to max_seq_length(), the prompt
  // `prompt_name` ("" = the model's default prompt, if any) before the text.
  [[nodiscard]] std::vector<std::int32_t> tokenize(std::string_view text, std::string_view prompt_name = {}) const;
  // texts.size() rows of dim() floats. batch_size >= 1 (InvalidInput otherwise); texts must be UTF-8.
  // `profile`, when given, accumulates the CPU time of each stage. `prompt_name` as in tokenize().
  [[nodiscard]] std::vector<float> embed(std::span<const std::string_view> texts,
                                         std::size_t batch_size = kDefaultBatchSize, const EmbedProgress& progress = {},
                                         EncoderProfile* profile = nullptr, std::string_view prompt_name = {}) const;

  [[nodiscard]] std::size_t dim() const noexcept { return model_.config().hidden; }
  [[nodiscard]] std::size_t max_seq_length() const noexcept { return max_seq_length_; }
  [[nodiscard]] Pooling pooling() const noexcept { return pooling_; }
  [[nodiscard]] bool normalize() const noexcept { return normalize_; }
  [[nodiscard]] const Prompts& prompts() const noexcept { return prompts_; }
  [[nodiscard]] const BertTokenizer& tokenizer() const noexcept { return tokenizer_; }
  [[nodiscard]] const BertModel& model() const noexcept { return model_; }

  TextEncoder(std::unique_ptr<Safetensors> weights, BertTokenizer tokenizer, const BertConfig& config,
              std::size_t max_seq_length, Pooling pooling, bool normalize, Prompts prompts, WeightFormat format);

 private:
  void pool(const float* hidden, std::size_t length, float* out) const;

  std::unique_ptr<Safetensors> weights_;  // before model_: the model's embedding views point into it
  BertTokenizer tokenizer_;
  BertModel model_;
  std::size_t max_seq_length_;
  Pooling pooling_;
  bool normalize_;
  Prompts prompts_;
};

std::string_view pooling_name(Pooling pooling) noexcept;

// The directory of the Pooling module that modules.json names ("" when none or unparsable), for
// loaders that fetch the files one by one (JS); EmbedError for a path that leaves the model directory.
std::string pooling_module_path(std::string_view modules_json);

}  // namespace ruvector::embed
