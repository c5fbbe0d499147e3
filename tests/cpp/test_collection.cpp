// Collection: the shared cases of tests/data/collection_cases.json (also run by pytest, node and
// Pyodide), plus what only C++ reaches: the file format's round trip, concurrent queries and a
// caller's index.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/collection/collection.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "temp_dir.hpp"

namespace json = boost::json;
using ruvector::Collection;
using ruvector::CollectionEncoder;
using ruvector::CollectionOptions;
using ruvector::ErrorCode;
using ruvector::test::error_of;

namespace {

std::shared_ptr<const CollectionEncoder> first_letter_encoder() {
  return ruvector::function_collection_encoder(26, [](std::span<const std::string_view> texts) {
    std::vector<float> out(texts.size() * 26, 0.0F);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const int c = texts[i].empty() ? 'a' : std::tolower(static_cast<unsigned char>(texts[i][0]));
      out[(i * 26) + static_cast<std::size_t>(((c - 97) % 26 + 26) % 26)] = 1.0F;
    }
    return out;
  });
}

std::shared_ptr<const CollectionEncoder> encoder_of(const json::object& spec) {
  const std::string_view kind = spec.at("kind").as_string();
  if (kind == "first_letter") return first_letter_encoder();
  ruvector::HashEmbedderOptions options;
  options.dim = spec.at("dim").to_number<std::int64_t>();
  return ruvector::hash_collection_encoder(ruvector::HashEmbedder(options));
}

std::uint64_t u64_of(const json::value& v) {
  if (v.is_string()) return std::stoull(std::string(v.as_string()));
  return v.is_uint64() ? v.as_uint64() : static_cast<std::uint64_t>(v.as_int64());
}

std::size_t size_of(const json::value& v) {
  return static_cast<std::size_t>(u64_of(v));
}

std::vector<std::uint64_t> u64s(const json::value& v) {
  std::vector<std::uint64_t> out;
  for (const json::value& x : v.as_array()) out.push_back(u64_of(x));
  return out;
}

std::vector<std::string> texts_of(const json::object& step, const json::array& docs) {
  std::vector<std::string> out;
  if (step.contains("docs")) {
    for (const json::value& i : step.at("docs").as_array()) out.emplace_back(docs.at(size_of(i)).as_string());
  } else if (step.contains("texts")) {
    for (const json::value& t : step.at("texts").as_array()) out.emplace_back(t.as_string());
  } else if (step.contains("doc")) {
    out.emplace_back(docs.at(size_of(step.at("doc"))).as_string());
  } else if (step.contains("text")) {
    out.emplace_back(step.at("text").as_string());
  }
  return out;
}

json::value meta_value(const std::string& meta) {
  return meta.empty() ? json::value(nullptr) : json::parse(meta);
}

// Runs one step; throws what the collection throws.
void run_step(std::unique_ptr<Collection>& col, const json::object& step, const json::object& spec,
              const json::array& docs, const std::string& where) {
  const std::string_view op = step.at("op").as_string();
  const std::vector<std::string> text_values = texts_of(step, docs);
  const std::vector<std::string_view> texts(text_values.begin(), text_values.end());
  if (op == "add") {
    std::vector<std::string> meta_values;
    if (step.contains("metas")) {
      for (const json::value& m : step.at("metas").as_array()) {
        meta_values.push_back(m.is_null() ? std::string() : json::serialize(m));
      }
    }
    const std::vector<std::string_view> metas(meta_values.begin(), meta_values.end());
    const std::vector<std::uint64_t> ids = step.contains("ids") ? u64s(step.at("ids")) : std::vector<std::uint64_t>{};
    const std::vector<std::uint64_t> got = col->add(texts, ids, metas);
    if (step.contains("expect_ids")) CHECK(got == u64s(step.at("expect_ids")));
  } else if (op == "remove") {
    CHECK(col->remove(u64s(step.at("ids"))) == u64_of(step.at("expect")));
  } else if (op == "size") {
    CHECK(col->size() == u64_of(step.at("expect")));
  } else if (op == "contains") {
    CHECK(col->contains(u64_of(step.at("id"))) == step.at("expect").as_bool());
  } else if (op == "index_kind") {
    CHECK(col->index_kind() == step.at("expect").as_string());
  } else if (op == "query") {
    const auto hits = col->query(texts, step.at("k").to_number<std::int64_t>()).at(0);
    for (std::size_t i = 1; i < hits.size(); ++i) CHECK(hits[i].score <= hits[i - 1].score);
    if (step.contains("expect_count")) CHECK(hits.size() == u64_of(step.at("expect_count")));
    if (step.contains("expect_top")) {
      REQUIRE(!hits.empty());
      CHECK(hits[0].id == u64_of(step.at("expect_top")));
    }
    if (step.contains("expect_top_doc"))
      CHECK(hits.at(0).text == docs.at(size_of(step.at("expect_top_doc"))).as_string());
    if (step.contains("expect_top_meta")) CHECK(meta_value(hits.at(0).meta) == step.at("expect_top_meta"));
    if (step.contains("expect_top_score")) {
      CHECK(std::abs(hits.at(0).score - step.at("expect_top_score").to_number<double>()) < 1e-5);
    }
    if (step.contains("expect_absent")) {
      for (const auto& h : hits) CHECK(h.id != u64_of(step.at("expect_absent")));
    }
  } else if (op == "reload") {
    std::vector<std::uint8_t> bytes = col->serialize();
    if (step.contains("flip_byte")) bytes.at(size_of(step.at("flip_byte"))) ^= 0x01U;
    if (step.contains("keep_bytes")) bytes.resize(size_of(step.at("keep_bytes")));
    const json::object& encoder =
        step.contains("encoder") ? step.at("encoder").as_object() : spec.at("encoder").as_object();
    CollectionOptions options;
    if (spec.contains("rabitq_threshold")) options.rabitq_threshold = size_of(spec.at("rabitq_threshold"));
    col = Collection::deserialize(bytes, encoder_of(encoder), options);
  } else {
    FAIL(where << ": unknown op " << op);
  }
}

}  // namespace

TEST_CASE("collection: the shared cases of collection_cases.json", "[collection]") {
  const json::object& doc = ruvector::test::golden_file("collection_cases.json");
  const json::array& docs = doc.at("docs").as_array();
  for (const json::value& case_value : doc.at("cases").as_array()) {
    const json::object& spec = case_value.as_object();
    CollectionOptions options;
    options.metric = ruvector::parse_metric(spec.at("metric").as_string());
    if (spec.contains("rabitq_threshold")) options.rabitq_threshold = size_of(spec.at("rabitq_threshold"));
    auto col = std::make_unique<Collection>(encoder_of(spec.at("encoder").as_object()), options);
    std::size_t n = 0;
    for (const json::value& step_value : spec.at("steps").as_array()) {
      const json::object& step = step_value.as_object();
      const std::string where = std::string(spec.at("name").as_string()) + " step " + std::to_string(n++);
      INFO(where << ": " << json::serialize(step));
      if (step.contains("error")) {
        const json::object& want = step.at("error").as_object();
        const auto [code, message] = error_of([&] { run_step(col, step, spec, docs, where); });
        CHECK(ruvector::error_name(code) == want.at("class").as_string());
        if (want.contains("message")) CHECK(message == want.at("message").as_string());
        if (want.contains("message_contains")) {
          CHECK(message.find(want.at("message_contains").as_string()) != std::string::npos);
        }
      } else {
        run_step(col, step, spec, docs, where);
      }
    }
  }
}

TEST_CASE("collection: a file re-reads to the same bytes and saves atomically", "[collection]") {
  auto col = std::make_unique<Collection>(ruvector::hash_collection_encoder(ruvector::HashEmbedder()));
  const std::vector<std::string_view> texts = {"alpha beta", "gamma", "δέλτα"};
  const std::vector<std::string_view> metas = {R"({"x": 1})", "", R"({"y":[true,null]})"};
  col->add(texts, {}, metas);
  const std::vector<std::uint8_t> bytes = col->serialize();
  CHECK(ruvector::write_collection_file(ruvector::parse_collection_file(bytes)) == bytes);
  // Metadata is kept as compact JSON, so every target returns the same text.
  CHECK(col->query(std::vector<std::string_view>{"alpha beta"}, 1).at(0).at(0).meta == R"({"x":1})");

#if !defined(__EMSCRIPTEN__)
  const ruvector::test::TempDir dir;
  std::filesystem::create_directories(dir.path);
  const std::string path = dir.path + "/docs.rvcol";
  col->save(path);
  auto loaded = Collection::load(path, ruvector::hash_collection_encoder(ruvector::HashEmbedder()));
  CHECK(loaded->serialize() == bytes);
  CHECK(error_of([&] {
          (void)Collection::load(dir.path + "/missing", ruvector::hash_collection_encoder(ruvector::HashEmbedder()));
        }).first == ErrorCode::kPersistError);
#endif
}

TEST_CASE("collection: refuses what a hostile file claims", "[collection]") {
  auto col = std::make_unique<Collection>(ruvector::hash_collection_encoder(ruvector::HashEmbedder()));
  col->add(std::vector<std::string_view>{"one", "two"});
  std::vector<std::uint8_t> bytes = col->serialize();
  // A huge record count with a valid checksum must fail before any allocation for it.
  std::uint64_t huge = 1ULL << 60U;
  std::memcpy(bytes.data() + 29, &huge, sizeof huge);  // magic 8, version 4, metric 4, dim 4, flag 1, largest 8
  const std::uint32_t crc = ruvector::crc32(std::span(bytes).first(bytes.size() - 4));
  std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  const auto [code, message] = error_of([&] { (void)ruvector::parse_collection_file(bytes); });
  CHECK(code == ErrorCode::kPersistError);
  INFO(message);
  CHECK(message.find("records needs 1152921504606846976") != std::string::npos);
}

TEST_CASE("collection: an encoder giving the wrong width or NaN is refused, nothing added", "[collection]") {
  auto short_rows = ruvector::function_collection_encoder(
      4, [](std::span<const std::string_view> texts) { return std::vector<float>(texts.size() * 3, 1.0F); });
  Collection col(short_rows);
  CHECK(error_of([&] { col.add(std::vector<std::string_view>{"a", "b"}); }) ==
        std::pair{ErrorCode::kDimensionMismatch, std::string("expected dim 4, got 3")});
  auto nan_rows = ruvector::function_collection_encoder(
      2, [](std::span<const std::string_view> texts) { return std::vector<float>(texts.size() * 2, std::nanf("")); });
  Collection nan_col(nan_rows);
  CHECK(error_of([&] { nan_col.add(std::vector<std::string_view>{"a"}); }).first == ErrorCode::kInvalidInput);
  CHECK(col.size() == 0);
  CHECK(nan_col.size() == 0);
  CHECK(error_of([&] { col.add(std::vector<std::string_view>{"a"}, {}, std::vector<std::string_view>{"[1]"}); }) ==
        std::pair{ErrorCode::kInvalidInput, std::string("metas[0] must be a JSON object")});
}

#if !defined(__EMSCRIPTEN__)  // wasm has no threads
TEST_CASE("collection: queries run while another thread adds and removes", "[collection]") {
  Collection col(ruvector::hash_collection_encoder(ruvector::HashEmbedder()));
  col.add(std::vector<std::string_view>{"anchor text that stays"}, std::vector<std::uint64_t>{1000000});
  std::thread writer([&] {
    for (std::uint64_t i = 0; i < 200; ++i) {
      const std::string text = "text number " + std::to_string(i);
      col.add(std::vector<std::string_view>{text}, std::vector<std::uint64_t>{i});
      if (i % 2 == 0) col.remove(std::vector<std::uint64_t>{i});
    }
  });
  std::size_t found = 0;
  for (int i = 0; i < 200; ++i) {
    const auto hits = col.query(std::vector<std::string_view>{"anchor text that stays"}, 3);
    if (!hits[0].empty() && hits[0][0].id == 1000000) ++found;
  }
  writer.join();
  CHECK(found == 200);
  CHECK(col.size() == 101);
}
#endif
