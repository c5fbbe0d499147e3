#include "ruvector/embed/text_encoder.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <numeric>
#include <utility>

#include "ruvector/core/error.hpp"
#include "ruvector/embed/hash_embedder.hpp"
#include "ruvector/simd/gemm.hpp"

#if !defined(__EMSCRIPTEN__)
#include <filesystem>

#include "ruvector/core/file_io.hpp"
#include "ruvector/core/mapped_file.hpp"
#endif

namespace ruvector::embed {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw_error(ErrorCode::kEmbedError, message);
}

boost::json::object parse_object(std::string_view json, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) fail(std::string(what) + " is not a JSON object");
  return std::move(v.get_object());
}

bool flag(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

Pooling parse_pooling(std::string_view json) {
  const auto o = parse_object(json, "pooling config.json");
  const bool mean = flag(o, "pooling_mode_mean_tokens");
  const bool cls = flag(o, "pooling_mode_cls_token");
  for (const char* other : {"pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                            "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"}) {
    if (flag(o, other)) fail(std::string("pooling config.json: ") + other + " is not supported (mean or cls only)");
  }
  if (mean == cls)
    fail("pooling config.json: exactly one of pooling_mode_mean_tokens and pooling_mode_cls_token must be true");
  if (const auto* v = o.if_contains("include_prompt"); v != nullptr && v->is_bool() && !v->get_bool()) {
    fail("pooling config.json: include_prompt false is not supported (the prompt's tokens are pooled with the text's)");
  }
  return mean ? Pooling::kMean : Pooling::kCls;
}

// config_sentence_transformers.json's prompts and default_prompt_name (absent file: no prompts).
Prompts parse_prompts(std::string_view json) {
  Prompts prompts;
  if (json.empty()) return prompts;
  const auto o = parse_object(json, "config_sentence_transformers.json");
  if (const auto* v = o.if_contains("prompts"); v != nullptr && !v->is_null()) {
    if (!v->is_object()) fail("config_sentence_transformers.json: prompts must be an object of strings");
    for (const auto& [name, text] : v->get_object()) {
      if (!text.is_string()) {
        fail("config_sentence_transformers.json: prompt '" + std::string(name) + "' is not a string");
      }
      prompts.named.emplace_back(std::string(name), std::string(text.get_string()));
    }
  }
  if (const auto* v = o.if_contains("default_prompt_name"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) fail("config_sentence_transformers.json: default_prompt_name must be a string");
    prompts.default_name = std::string(v->get_string());
    const bool known = std::any_of(prompts.named.begin(), prompts.named.end(),
                                   [&](const auto& p) { return p.first == prompts.default_name; });
    if (!known) {
      fail("config_sentence_transformers.json: default_prompt_name '" + prompts.default_name +
           "' is not one of its prompts");
    }
  }
  return prompts;
}

BertTokenizer tokenizer_of(const TextEncoderFiles& files, const BertConfig& config) {
  if (files.tokenizer_json.empty() && files.vocab_txt.empty()) fail("neither tokenizer.json nor vocab.txt is present");
  BertTokenizer tokenizer = !files.tokenizer_json.empty()
                                ? BertTokenizer::from_tokenizer_json(files.tokenizer_json)
                                : BertTokenizer::from_vocab_txt(files.vocab_txt, files.tokenizer_config_json);
  if (tokenizer.vocab_size() > config.vocab_size) {
    fail("the tokenizer has " + std::to_string(tokenizer.vocab_size()) + " tokens, the model's vocab_size is " +
         std::to_string(config.vocab_size));
  }
  return tokenizer;
}

// sentence_bert_config.json's max_seq_length (checked against the model), else the model's limit capped at 512.
std::size_t max_seq_length_of(std::string_view st_config_json, const BertConfig& config,
                              const BertTokenizer& tokenizer) {
  std::size_t max_seq_length = std::min<std::size_t>(config.max_positions, 512);
  if (st_config_json.empty()) return max_seq_length;
  const auto o = parse_object(st_config_json, "sentence_bert_config.json");
  if (const auto* v = o.if_contains("max_seq_length"); v != nullptr && !v->is_null()) {
    if (!v->is_int64()) fail("sentence_bert_config.json: max_seq_length must be an integer");
    const std::int64_t length = v->get_int64();
    if (length < 2 || std::cmp_greater(length, config.max_positions)) {
      fail("sentence_bert_config.json: max_seq_length must be between 2 and max_position_embeddings (" +
           std::to_string(config.max_positions) + ")");
    }
    max_seq_length = static_cast<std::size_t>(length);
  }
  if (flag(o, "do_lower_case") && !tokenizer.options().lowercase) {
    fail("sentence_bert_config.json: do_lower_case on a cased tokenizer is not supported");
  }
  return max_seq_length;
}

// Whether modules.json ends the pipeline with a Normalize module; EmbedError for a module we do not run.
bool modules_normalize(std::string_view modules_json) {
  boost::system::error_code ec;
  const boost::json::value modules = boost::json::parse(modules_json, ec);
  if (ec || !modules.is_array()) fail("modules.json is not a JSON array");
  bool normalize = false;
  for (const auto& m : modules.get_array()) {
    const auto* type = m.is_object() ? m.get_object().if_contains("type") : nullptr;
    const std::string name = type != nullptr && type->is_string() ? std::string(type->get_string()) : "";
    if (name == "sentence_transformers.models.Normalize") {
      normalize = true;
    } else if (name != "sentence_transformers.models.Transformer" && name != "sentence_transformers.models.Pooling") {
      fail("modules.json: module '" + name + "' is not supported (Transformer, Pooling, Normalize)");
    }
  }
  return normalize;
}

}  // namespace

std::string_view Prompts::text_of(std::string_view name) const {
  const std::string_view wanted = name.empty() ? std::string_view(default_name) : name;
  if (wanted.empty()) return {};
  std::string known;
  for (const auto& [prompt_name, text] : named) {
    if (prompt_name == wanted) return text;
    known += (known.empty() ? "'" : ", '") + prompt_name + "'";
  }
  throw_error(ErrorCode::kInvalidInput, "prompt_name '" + std::string(name) + "' is not one of the model's prompts (" +
                                            (known.empty() ? std::string("it has none") : known) + ")");
}

std::string_view Prompts::query_name() const noexcept {
  const auto it = std::find_if(named.begin(), named.end(), [](const auto& p) { return p.first == "query"; });
  return it == named.end() ? std::string_view() : std::string_view(it->first);
}

std::string_view Prompts::document_name() const noexcept {
  for (const std::string_view wanted : {"document", "passage", "corpus"}) {
    const auto it = std::find_if(named.begin(), named.end(), [&](const auto& p) { return p.first == wanted; });
    if (it != named.end()) return it->first;
  }
  return {};
}

std::string_view pooling_name(Pooling pooling) noexcept {
  return pooling == Pooling::kMean ? "mean" : "cls";
}

TextEncoder::TextEncoder(std::unique_ptr<Safetensors> weights, BertTokenizer tokenizer, const BertConfig& config,
                         std::size_t max_seq_length, Pooling pooling, bool normalize, Prompts prompts,
                         WeightFormat format)
    : weights_(std::move(weights)),
      tokenizer_(std::move(tokenizer)),
      model_(config, *weights_, simd::active_ml_kernels(), format),
      max_seq_length_(max_seq_length),
      pooling_(pooling),
      normalize_(normalize),
      prompts_(std::move(prompts)) {}

std::shared_ptr<const TextEncoder> TextEncoder::from_files(const TextEncoderFiles& files, WeightFormat format) {
  if (files.config_json.empty()) fail("config.json is missing");
  if (files.weights.empty()) fail("model.safetensors is missing");
  const BertConfig config = BertConfig::from_json(files.config_json);
  BertTokenizer tokenizer = tokenizer_of(files, config);
  const std::size_t max_seq_length = max_seq_length_of(files.sentence_bert_config_json, config, tokenizer);
  const Pooling pooling = files.pooling_config_json.empty() ? Pooling::kMean : parse_pooling(files.pooling_config_json);
  const bool normalize = !files.modules_json.empty() && modules_normalize(files.modules_json);
  Prompts prompts = parse_prompts(files.sentence_transformers_config_json);
  auto weights = std::make_unique<Safetensors>(files.weights_owner, files.weights, "model.safetensors");
  return std::make_shared<const TextEncoder>(std::move(weights), std::move(tokenizer), config, max_seq_length, pooling,
                                             normalize, std::move(prompts), format);
}

TextEncoderTexts TextEncoderTexts::read(const std::function<std::string(const std::string&)>& read_text) {
  TextEncoderTexts t;
  t.config_json = read_text("config.json");
  t.tokenizer_json = read_text("tokenizer.json");
  if (t.tokenizer_json.empty()) t.vocab_txt = read_text("vocab.txt");
  t.tokenizer_config_json = read_text("tokenizer_config.json");
  t.sentence_bert_config_json = read_text("sentence_bert_config.json");
  t.modules_json = read_text("modules.json");
  std::string pooling_dir = pooling_module_path(t.modules_json);
  while (!pooling_dir.empty() && pooling_dir.back() == '/') pooling_dir.pop_back();
  if (!pooling_dir.empty()) t.pooling_config_json = read_text(pooling_dir + "/config.json");
  t.sentence_transformers_config_json = read_text("config_sentence_transformers.json");
  return t;
}

TextEncoderFiles TextEncoderTexts::files(std::shared_ptr<const void> weights_owner,
                                         std::span<const std::uint8_t> weights) const {
  TextEncoderFiles f;
  f.config_json = config_json;
  f.tokenizer_json = tokenizer_json;
  f.vocab_txt = vocab_txt;
  f.tokenizer_config_json = tokenizer_config_json;
  f.sentence_bert_config_json = sentence_bert_config_json;
  f.modules_json = modules_json;
  f.pooling_config_json = pooling_config_json;
  f.sentence_transformers_config_json = sentence_transformers_config_json;
  f.weights_owner = std::move(weights_owner);
  f.weights = weights;
  return f;
}

std::string pooling_module_path(std::string_view modules_json) {
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(modules_json, ec);
  if (ec || !parsed.is_array()) return {};
  std::string found;
  for (const auto& m : parsed.get_array()) {
    if (!m.is_object()) continue;
    const auto* type = m.get_object().if_contains("type");
    const auto* path = m.get_object().if_contains("path");
    if (type != nullptr && type->is_string() && type->get_string() == "sentence_transformers.models.Pooling" &&
        path != nullptr && path->is_string()) {
      found = std::string(path->get_string());
      if (found.find("..") != std::string::npos)
        fail("modules.json: Pooling path '" + found + "' leaves the model directory");
    }
  }
  return found;
}

#if !defined(__EMSCRIPTEN__)
std::shared_ptr<const TextEncoder> TextEncoder::load(const std::string& directory, WeightFormat format) {
  namespace fs = std::filesystem;
  const fs::path dir(directory);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail("model directory '" + directory + "' does not exist or is not a directory");
  const auto text_of = [&](const fs::path& path) -> std::string {
    if (!fs::exists(path, ec)) return {};
    const std::vector<std::uint8_t> bytes = read_file(path.string());
    return {bytes.begin(), bytes.end()};
  };
  const TextEncoderTexts texts = TextEncoderTexts::read([&](const std::string& name) { return text_of(dir / name); });
  if (texts.config_json.empty()) fail("no config.json in '" + directory + "'");
  const fs::path weights_path = dir / "model.safetensors";
  if (!fs::exists(weights_path, ec)) {
    fail("no model.safetensors in '" + directory + "' (pytorch_model.bin and ONNX files are not supported)");
  }
  // Memory-mapped: the embedding tables and norms are used in place (see text_encoder.hpp for a
  // file truncated after load); the linear layers are packed copies, so their pages are released.
  const auto weights = std::make_shared<const MappedFile>(weights_path.string());
  auto encoder = from_files(texts.files(weights, weights->bytes()), format);
  weights->release_pages();
  return encoder;
}
#endif

std::vector<std::int32_t> TextEncoder::tokenize(std::string_view text, std::string_view prompt_name) const {
  check_utf8(std::span<const std::string_view>(&text, 1));
  const std::string_view prompt = prompts_.text_of(prompt_name);
  if (prompt.empty()) return tokenizer_.encode(text, max_seq_length_);
  return tokenizer_.encode(std::string(prompt).append(text), max_seq_length_);
}

void TextEncoder::pool(const float* hidden, std::size_t length, float* out) const {
  const std::size_t h = dim();
  if (pooling_ == Pooling::kCls) {
    std::copy(hidden, hidden + h, out);
  } else {
    std::fill(out, out + h, 0.0F);
    for (std::size_t t = 0; t < length; ++t) {
      for (std::size_t i = 0; i < h; ++i) out[i] += hidden[t * h + i];
    }
    const float inv = 1.0F / static_cast<float>(length);
    for (std::size_t i = 0; i < h; ++i) out[i] *= inv;
  }
  if (normalize_) {
    // Like torch.nn.functional.normalize: divide by max(||v||, 1e-12).
    double sq = 0;
    for (std::size_t i = 0; i < h; ++i) sq += static_cast<double>(out[i]) * out[i];
    const auto norm = static_cast<float>(std::max(std::sqrt(sq), 1e-12));
    for (std::size_t i = 0; i < h; ++i) out[i] /= norm;
  }
}

std::vector<float> TextEncoder::embed(std::span<const std::string_view> texts, std::size_t batch_size,
                                      const EmbedProgress& progress, EncoderProfile* profile,
                                      std::string_view prompt_name) const {
  if (batch_size == 0) throw_error(ErrorCode::kInvalidInput, "batch_size must be at least 1, got 0");
  check_utf8(texts);
  const std::string_view prompt = prompts_.text_of(prompt_name);
  StageClock clock(profile);
  const std::size_t n = texts.size();
  std::vector<std::vector<std::int32_t>> tokens(n);
  std::string prompted(prompt);  // sentence-transformers prepends the prompt to the text before tokenizing
  for (std::size_t i = 0; i < n; ++i) {
    if (prompt.empty()) {
      tokens[i] = tokenizer_.encode(texts[i], max_seq_length_);
    } else {
      prompted.resize(prompt.size());
      tokens[i] = tokenizer_.encode(prompted.append(texts[i]), max_seq_length_);
    }
  }
  // Longest first (ties by position): a batch's attention blocks are of similar sizes.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tokens[a].size() > tokens[b].size(); });
  clock.lap(EncoderProfile::kTokenize);
  const std::size_t h = dim();
  std::vector<float> out(n * h);
  std::vector<std::int32_t> ids;
  std::vector<std::size_t> lengths;
  std::vector<float> hidden;
  for (std::size_t begin = 0; begin < n; begin += batch_size) {
    const std::size_t count = std::min(batch_size, n - begin);
    ids.clear();
    lengths.resize(count);
    for (std::size_t b = 0; b < count; ++b) {
      const auto& t = tokens[order[begin + b]];
      ids.insert(ids.end(), t.begin(), t.end());
      lengths[b] = t.size();
    }
    model_.forward(ids, lengths, hidden, profile);
    clock = StageClock(profile);
    std::size_t first = 0;
    for (std::size_t b = 0; b < count; ++b) {
      pool(hidden.data() + first * h, lengths[b], out.data() + order[begin + b] * h);
      first += lengths[b];
    }
    clock.lap(EncoderProfile::kPooling);
    if (progress) progress({"embed", begin + count, n});
  }
  return out;
}

}  // namespace ruvector::embed
