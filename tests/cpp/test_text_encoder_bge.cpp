// TextEncoder on a second checkpoint, BAAI/bge-small-en-v1.5 (CLS pooling, a query prompt from
// config_sentence_transformers.json), against tests/data/golden_text_bge_small.json (token ids from HF
// `tokenizers`, embeddings from onnxruntime on the original ONNX file with the model card's pooling;
// tests/data/make_golden_text_bge_small.py). scripts/bootstrap downloads and converts the model into
// .venv/ruvector-models/bge-small-en-v1.5 (RUVECTOR_BGE_MODEL_DIR); missing files fail with a message.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
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

std::string bge_file(const std::string& name) {
  const std::string path = std::string(RUVECTOR_BGE_MODEL_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct BgeFiles {
  ruvector::embed::TextEncoderTexts texts;
  std::shared_ptr<std::string> weights;
  [[nodiscard]] ruvector::embed::TextEncoderFiles files() const {
    return texts.files(weights, {reinterpret_cast<const std::uint8_t*>(weights->data()), weights->size()});
  }
};

const BgeFiles& bge_files() {
  static const BgeFiles files = [] {
    BgeFiles f;
    f.texts = ruvector::embed::TextEncoderTexts::read(bge_file);
    f.weights = std::make_shared<std::string>(bge_file("model.safetensors"));
    if (f.texts.config_json.empty() || f.weights->empty()) {
      FAIL("no bge-small-en-v1.5 files in " << RUVECTOR_BGE_MODEL_DIR
                                            << ": run scripts/bootstrap (it downloads and converts them)");
    }
    return f;
  }();
  return files;
}

// Natively loaded from the directory (memory-mapped), from bytes in wasm.
std::shared_ptr<const TextEncoder> bge() {
  static const std::shared_ptr<const TextEncoder> enc = [] {
    (void)bge_files();
#if defined(__EMSCRIPTEN__)
    return TextEncoder::from_files(bge_files().files());
#else
    return TextEncoder::load(RUVECTOR_BGE_MODEL_DIR);
#endif
  }();
  return enc;
}

const boost::json::object& golden() {
  return ruvector::test::golden_file("golden_text_bge_small.json");
}

std::vector<std::int32_t> ids_of(const boost::json::value& v) {
  std::vector<std::int32_t> out;
  for (const auto& x : v.as_array()) out.push_back(static_cast<std::int32_t>(x.as_int64()));
  return out;
}

// The rows of embed() for the golden cases, each group embedded with its prompt.
std::vector<std::vector<float>> embed_cases(const TextEncoder& enc) {
  std::vector<std::vector<float>> rows;
  for (const auto& c : golden().at("cases").as_array()) {
    const std::string_view text = c.at("text").as_string();
    const std::string_view prompt = c.at("prompt_name").as_string();
    rows.push_back(enc.embed(std::span(&text, 1), 1, {}, nullptr, prompt));
  }
  return rows;
}

// The fixture's hand-made retrieval set: "queries" and "passages", matched by index.
std::vector<std::string_view> retrieval_texts(std::string_view which) {
  std::vector<std::string_view> out;
  for (const auto& t : golden().at("retrieval").at(which).as_array()) out.emplace_back(t.as_string());
  return out;
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

TEST_CASE("bge-small: token ids (with the prompt) equal HF tokenizers' on the corpus", "[text_encoder]") {
  const auto enc = bge();
  std::size_t prompted = 0;
  for (const auto& c : golden().at("cases").as_array()) {
    const std::string text(c.at("text").as_string());
    const std::string prompt(c.at("prompt_name").as_string());
    INFO("text: " << text << " prompt: " << prompt);
    REQUIRE(enc->tokenize(text, prompt) == ids_of(c.at("ids")));
    prompted += prompt.empty() ? 0 : 1;
  }
  REQUIRE(prompted >= 10);
}

TEST_CASE("bge-small: embeddings reach cosine >= 0.9999 against onnxruntime on the original ONNX", "[text_encoder]") {
  const auto enc = bge();
  const auto& cases = golden().at("cases").as_array();
  const auto rows = embed_cases(*enc);
  double worst = 1.0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const double cos = ruvector::test::cosine(rows[i].data(), ruvector::test::flat_floats(cases[i].at("embedding")));
    INFO("case " << i << ": " << cases[i].at("text").as_string() << " cosine " << cos);
    CHECK(cos >= 0.9999);
    worst = std::min(worst, cos);
  }
  WARN("bge-small worst cosine vs onnxruntime: 1 - " << (1.0 - worst));
  // Batched embed with a prompt equals the one-by-one rows (the prompt is applied per text).
  std::vector<std::string_view> texts;
  std::vector<std::size_t> at;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (cases[i].at("prompt_name").as_string() == "query") {
      texts.emplace_back(cases[i].at("text").as_string());
      at.push_back(i);
    }
  }
  const auto batch = enc->embed(texts, 4, {}, nullptr, "query");
  for (std::size_t k = 0; k < at.size(); ++k) {
    const std::vector<float> row(batch.begin() + static_cast<std::ptrdiff_t>(k * 384),
                                 batch.begin() + static_cast<std::ptrdiff_t>((k + 1) * 384));
    REQUIRE(dot(row, rows[at[k]]) > 0.99999);
  }
}

TEST_CASE("bge-small: with the prompts, each query finds its passage", "[text_encoder]") {
  const auto enc = bge();
  const auto queries = retrieval_texts("queries");
  const auto passages = retrieval_texts("passages");
  const auto q = enc->embed(queries, 8, {}, nullptr, "query");
  const auto p = enc->embed(passages, 8, {}, nullptr, "passage");
  for (std::size_t i = 0; i < queries.size(); ++i) {
    std::size_t best = 0;
    double best_score = -2;
    for (std::size_t j = 0; j < passages.size(); ++j) {
      double score = 0;
      for (std::size_t d = 0; d < 384; ++d) score += static_cast<double>(q[i * 384 + d]) * p[j * 384 + d];
      if (score > best_score) best_score = score, best = j;
    }
    INFO("query " << queries[i]);
    CHECK(best == i);
  }
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
  const auto queries = retrieval_texts("queries");
  const auto passages = retrieval_texts("passages");
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
