// HashEmbedder: the golden vectors of tests/data/golden_embed.json (written by an independent Python
// implementation of docs/hash_embedder.md) must match bit for bit, natively and as wasm under node.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/core/error.hpp"
#include "ruvector/embed/hash_embedder.hpp"

namespace json = boost::json;
using ruvector::ErrorCode;
using ruvector::HashEmbedder;
using ruvector::HashEmbedderOptions;

namespace {

const json::object& golden_embed() {
  static const json::object doc = [] {
    const std::string path = std::string(RUVECTOR_TEST_DATA_DIR) + "/golden_embed.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
  }();
  return doc;
}

std::uint32_t bits(float f) {
  std::uint32_t u = 0;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

HashEmbedderOptions options_of(const json::object& c) {
  HashEmbedderOptions o;
  o.dim = c.at("dim").to_number<std::int64_t>();
  o.ngram_min = c.at("ngram_min").to_number<std::int64_t>();
  o.ngram_max = c.at("ngram_max").to_number<std::int64_t>();
  if (c.contains("seed")) o.seed = std::stoull(std::string(c.at("seed").as_string()));
  return o;
}

double norm_of(const float* v, std::size_t dim) {
  double s = 0;
  for (std::size_t i = 0; i < dim; ++i) s += static_cast<double>(v[i]) * v[i];
  return std::sqrt(s);
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  return dot / (norm_of(a.data(), a.size()) * norm_of(b.data(), b.size()));
}

template <class F>
std::string invalid_input_message(F&& f) {
  try {
    f();
  } catch (const ruvector::Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidInput);
    return e.what();
  }
  FAIL("no InvalidInput thrown");
  return {};
}

}  // namespace

TEST_CASE("hash embedder: golden vectors match bit for bit", "[embed][golden]") {
  std::size_t checked = 0;
  for (const auto& item : golden_embed().at("cases").as_array()) {
    const auto& c = item.as_object();
    INFO("case " << std::string(c.at("name").as_string()));
    const HashEmbedder embedder(options_of(c));
    const std::string text(c.at("text").as_string());
    const auto& want = c.at("vector").as_array();
    const std::vector<float> got = embedder.embed_one(text);
    REQUIRE(got.size() == want.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
      const auto w = static_cast<float>(want[i].to_number<double>());
      if (bits(got[i]) != bits(w)) {
        if (mismatches++ < 5) UNSCOPED_INFO("[" << i << "] got " << got[i] << ", want " << w);
      }
    }
    CHECK(mismatches == 0);
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("hash embedder: a threaded batch equals one-by-one embedding", "[embed][golden]") {
  const HashEmbedder embedder;  // defaults: 384, 3..5, seed 0
  std::vector<std::string> owned;
  for (const auto& item : golden_embed().at("cases").as_array()) {
    owned.emplace_back(item.as_object().at("text").as_string());
  }
  // Many rows so several threads and chunks really run.
  std::vector<std::string_view> texts;
  for (int rep = 0; rep < 20; ++rep) texts.insert(texts.end(), owned.begin(), owned.end());
  const auto serial = embedder.embed(texts, 1);
  const auto threaded = embedder.embed(texts, 4);
  REQUIRE(serial.size() == texts.size() * 384);
  CHECK(std::memcmp(serial.data(), threaded.data(), serial.size() * sizeof(float)) == 0);
  for (std::size_t t = 0; t < owned.size(); ++t) {
    const auto one = embedder.embed_one(texts[t]);
    CHECK(std::memcmp(one.data(), serial.data() + t * 384, 384 * sizeof(float)) == 0);
  }
  CHECK(embedder.embed({}, 0).empty());
}

TEST_CASE("hash embedder: feature hashes", "[embed][golden]") {
  for (const auto& item : golden_embed().at("hashes").as_array()) {
    const auto& c = item.as_object();
    const auto seed = std::stoull(std::string(c.at("seed").as_string()));
    const auto tag = c.at("tag").to_number<std::uint8_t>();
    const auto want = std::stoull(std::string(c.at("hash").as_string()));
    CHECK(HashEmbedder::feature_hash(seed, tag, from_hex(c.at("bytes_hex").as_string())) == want);
  }
}

TEST_CASE("hash embedder: invalid UTF-8 and bad options are InvalidInput naming the values", "[embed][errors]") {
  const HashEmbedder embedder;
  for (const auto& item : golden_embed().at("utf8_errors").as_array()) {
    const auto& c = item.as_object();
    const std::string bad = from_hex(c.at("bytes_hex").as_string());
    const std::vector<std::string_view> texts{"ok", bad};
    CHECK(invalid_input_message([&] { (void)embedder.embed(texts); }) == std::string(c.at("message").as_string()));
    CHECK(ruvector::first_invalid_utf8(bad) < bad.size());
  }
  for (const auto& item : golden_embed().at("option_errors").as_array()) {
    const auto& c = item.as_object();
    const std::string message = invalid_input_message([&] { HashEmbedder{options_of(c)}; });
    CHECK_THAT(message, Catch::Contains(std::string(c.at("message_contains").as_string())));
  }
  // Well-formed edge cases: the largest code point, the last before the surrogates, the BOM.
  CHECK(ruvector::first_invalid_utf8("\xF4\x8F\xBF\xBF\xED\x9F\xBF\xEF\xBB\xBF") == 10);
  CHECK(ruvector::first_invalid_utf8("") == 0);
  std::vector<float> small(10);
  try {
    embedder.embed_into("x", small);
    FAIL("no DimensionMismatch");
  } catch (const ruvector::Error& e) {
    CHECK(e.code() == ErrorCode::kDimensionMismatch);
    CHECK(std::string(e.what()) == "expected dim 384, got 10");
  }
}

TEST_CASE("hash embedder: norms, case, word order and similarity", "[embed]") {
  const HashEmbedder embedder;
  const auto v = embedder.embed_one("The quick brown fox jumps over the lazy dog");
  CHECK(std::fabs(norm_of(v.data(), v.size()) - 1.0) < 1e-6);
  for (const auto* empty : {"", " ", "?!.,;:-()", "\t\n"}) {
    const auto z = embedder.embed_one(empty);
    CHECK(norm_of(z.data(), z.size()) == 0.0);
  }
  CHECK(embedder.embed_one("Hello World") == embedder.embed_one("hello   world!"));
  CHECK(embedder.embed_one("world hello") == embedder.embed_one("hello world"));  // a bag of words
  CHECK(embedder.embed_one("CAFÉ") != embedder.embed_one("café"));                // only ASCII is lowercased

  const auto query = embedder.embed_one("how do I reset my password");
  const auto near = embedder.embed_one("To reset a forgotten password, open the account settings");
  const auto far = embedder.embed_one("The train to Berlin leaves at noon from platform 9");
  CHECK(cosine(query, near) > cosine(query, far) + 0.1);
  // Character n-grams make spelling variants close even without a shared word.
  CHECK(cosine(embedder.embed_one("embeddings"), embedder.embed_one("embedding")) > 0.6);
}

TEST_CASE("hash embedder: options change the vectors", "[embed]") {
  const auto base = HashEmbedder().embed_one("seeded hashing");
  HashEmbedderOptions seeded;
  seeded.seed = 1;
  CHECK(HashEmbedder(seeded).embed_one("seeded hashing") != base);
  HashEmbedderOptions words_only;
  words_only.ngram_min = 0;
  words_only.ngram_max = 0;
  words_only.dim = 1 << 16;
  const HashEmbedder w(words_only);
  const auto two_words = w.embed_one("alpha beta");
  std::size_t nonzero = 0;
  for (const float x : two_words) nonzero += x != 0.0F ? 1 : 0;
  CHECK(nonzero == 2);  // no n-grams; two distinct words land in two buckets (2^16 of them)
  CHECK(w.dim() == 65536);
  CHECK(w.ngram_min() == 0);
  CHECK(HashEmbedder().ngram_max() == 5);
}

TEST_CASE("hash embedder: split_texts", "[embed]") {
  const std::string bytes = "abcde";
  const std::vector<std::uint32_t> offsets{0, 2, 2, 5};
  const auto texts = ruvector::split_texts(bytes, offsets);
  REQUIRE(texts.size() == 3);
  CHECK(texts[0] == "ab");
  CHECK(texts[1].empty());
  CHECK(texts[2] == "cde");
  CHECK(ruvector::split_texts("", {}).empty());
  CHECK(invalid_input_message([&] { (void)ruvector::split_texts(bytes, std::vector<std::uint32_t>{0, 3, 2}); }) ==
        "offsets must be non-decreasing: offsets[2] = 2 < offsets[1] = 3");
  CHECK(invalid_input_message([&] { (void)ruvector::split_texts(bytes, std::vector<std::uint32_t>{0, 6}); }) ==
        "offsets[1] = 6 is past the end of the 5 bytes");
  CHECK_THAT(invalid_input_message([&] { (void)ruvector::split_texts(bytes, {}); }), Catch::Contains("n + 1 offsets"));
}
