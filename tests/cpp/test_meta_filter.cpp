// Metadata filters: the shared cases of tests/data/filter_cases.json (also run by pytest), and the
// id filter of FlatIndex and RabitqIndex on their own: a filter that passes few ids still gives k
// hits, the exact filtered top k on a flat index and on a RaBitQ index whose lists are all scanned.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/collection/collection.hpp"
#include "ruvector/collection/meta_filter.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

namespace json = boost::json;
using ruvector::Collection;
using ruvector::ErrorCode;

namespace {

std::unique_ptr<Collection> filled_collection(const json::object& doc, const json::object& index) {
  ruvector::HashEmbedderOptions options;
  options.dim = doc.at("encoder").at("dim").to_number<std::int64_t>();
  ruvector::CollectionOptions collection_options;
  collection_options.rabitq_threshold = index.at("rabitq_threshold").to_number<std::size_t>();
  auto collection = std::make_unique<Collection>(ruvector::hash_collection_encoder(ruvector::HashEmbedder(options)),
                                                 collection_options);
  std::vector<std::string> texts;
  std::vector<std::string> metas;
  for (const json::value& d : doc.at("docs").as_array()) {
    texts.emplace_back(d.at("text").as_string());
    metas.push_back(d.at("meta").is_null() ? std::string() : json::serialize(d.at("meta")));
  }
  const std::vector<std::string_view> text_views(texts.begin(), texts.end());
  const std::vector<std::string_view> meta_views(metas.begin(), metas.end());
  (void)collection->add(text_views, {}, meta_views);
  return collection;
}

std::string filter_text(const json::object& c) {
  return c.contains("filter_text") ? std::string(c.at("filter_text").as_string()) : json::serialize(c.at("filter"));
}

}  // namespace

TEST_CASE("meta filter: the shared cases of filter_cases.json", "[collection]") {
  const json::object& doc = ruvector::test::golden_file("filter_cases.json");
  for (const json::value& index_value : doc.at("indexes").as_array()) {
    const json::object& index = index_value.as_object();
    const auto collection = filled_collection(doc, index);
    const bool flat = index.at("name").as_string() == "flat";
    REQUIRE(collection->index_kind() == (flat ? "flat" : "rabitq"));
    for (const json::value& case_value : doc.at("cases").as_array()) {
      const json::object& c = case_value.as_object();
      INFO(index.at("name").as_string() << ": " << c.at("name").as_string());
      std::set<std::uint64_t> matching;
      for (const json::value& id : c.at("matching").as_array()) matching.insert(id.to_number<std::uint64_t>());
      const std::int64_t k = c.at("k").to_number<std::int64_t>();
      const std::string_view text = c.at("text").as_string();
      const auto hits = collection->query({&text, 1}, k, filter_text(c))[0];
      REQUIRE(hits.size() == std::min<std::size_t>(static_cast<std::size_t>(k), matching.size()));
      for (std::size_t i = 0; i < hits.size(); ++i) {
        CHECK(matching.contains(hits[i].id));
        if (i > 0) CHECK(hits[i].score <= hits[i - 1].score);
      }
      if (!flat) continue;
      const auto all = collection->query({&text, 1}, static_cast<std::int64_t>(collection->size()))[0];
      std::vector<std::uint64_t> expected;
      for (const auto& hit : all) {
        if (matching.contains(hit.id) && expected.size() < hits.size()) expected.push_back(hit.id);
      }
      std::vector<std::uint64_t> got;
      for (const auto& hit : hits) got.push_back(hit.id);
      CHECK(got == expected);
    }
    for (const json::value& error_value : doc.at("errors").as_array()) {
      const json::object& e = error_value.as_object();
      const std::string filter = filter_text(e);
      INFO(filter.substr(0, 200));
      const std::string_view text = "x";
      const auto [code, message] = ruvector::test::error_of([&] { (void)collection->query({&text, 1}, 3, filter); });
      CHECK(ruvector::error_name(code) == e.at("class").as_string());
      if (e.contains("message")) {
        CHECK(message == e.at("message").as_string());
      } else {
        CHECK(message.find(std::string(e.at("message_contains").as_string())) != std::string::npos);
      }
    }
  }
}

TEST_CASE("meta filter: a filter passing few ids still gives k exact hits from flat and RaBitQ", "[rabitq]") {
  constexpr std::size_t kDim = 32;
  constexpr std::size_t kRows = 3000;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal;
  std::vector<float> vectors(kRows * kDim);
  for (float& v : vectors) v = normal(rng);
  std::vector<std::uint64_t> ids(kRows);
  for (std::size_t i = 0; i < kRows; ++i) ids[i] = 1000 + i;
  std::vector<float> query(kDim);
  for (float& v : query) v = normal(rng);
  // 30 of 3000 pass, spread over every list: the default probes hold fewer than k of them.
  const ruvector::IdFilter accept = [](std::uint64_t id) { return id % 100 == 7; };
  constexpr std::int64_t kK = 10;

  ruvector::FlatIndex flat(kDim, ruvector::Metric::kL2);
  flat.add(vectors, ids);
  const auto exact = flat.search(query, kK, 0, accept);
  REQUIRE(exact.k == kK);
  for (const std::uint64_t id : exact.ids) CHECK(accept(id));
  // The same as the unfiltered ranking restricted to accepted ids.
  const auto everything = flat.search(query, static_cast<std::int64_t>(kRows));
  std::vector<std::uint64_t> expected;
  for (const std::uint64_t id : everything.ids) {
    if (accept(id) && expected.size() < kK) expected.push_back(id);
  }
  CHECK(exact.ids == expected);

  ruvector::rabitq::BuildParams build;
  build.nlist = 64;
  const auto index = ruvector::rabitq::RabitqIndex::build(vectors, kDim, ids, build);
  REQUIRE(index.default_nprobe() < 64);
  ruvector::rabitq::SearchParams params;
  params.accept = accept;
  const auto approximate = index.search(query, kK, params);
  REQUIRE(approximate.k == kK);
  for (const std::uint64_t id : approximate.ids) CHECK(accept(id));
  params.nprobe = 64;  // every list: the rerank of stored rows makes it exact
  params.rerank_factor = 100;
  CHECK(index.search(query, kK, params).ids == expected);

  // A filter passing 3 ids: 3 columns for every query, from both indexes.
  const ruvector::IdFilter three = [](std::uint64_t id) { return id == 1001 || id == 2500 || id == 3999; };
  std::vector<float> two_queries(query);
  two_queries.insert(two_queries.end(), vectors.begin(), vectors.begin() + kDim);
  const auto flat_three = flat.search(two_queries, kK, 0, three);
  params = {};
  params.accept = three;
  const auto rabitq_three = index.search(two_queries, kK, params);
  CHECK(flat_three.k == 3);
  CHECK(rabitq_three.k == 3);
  CHECK(std::set<std::uint64_t>(rabitq_three.ids.begin(), rabitq_three.ids.end()) ==
        std::set<std::uint64_t>{1001, 2500, 3999});
  const ruvector::IdFilter none = [](std::uint64_t) { return false; };
  CHECK(flat.search(query, kK, 0, none).k == 0);
}

TEST_CASE("meta filter: matching rules", "[collection]") {
  const auto filter = ruvector::MetaFilter::parse(R"({"n": {"$in": [1, 2.0, "3"]}, "big": 18446744073709551615})");
  CHECK(filter.matches(R"({"n": 2, "big": 18446744073709551615})"));
  CHECK(filter.matches(R"({"n": 1.0, "big": 18446744073709551615})"));
  CHECK_FALSE(filter.matches(R"({"n": 3, "big": 18446744073709551615})"));  // "3" is a string
  CHECK_FALSE(filter.matches(R"({"n": 1, "big": 18446744073709551614})"));
  CHECK_FALSE(filter.matches(""));
  CHECK(ruvector::MetaFilter::parse("{}").matches_everything());
  CHECK(ruvector::MetaFilter::parse("").matches(""));
  CHECK(ruvector::MetaFilter::parse(R"({"x": {"$ne": 1}})").matches(""));
  CHECK(ruvector::test::error_of([] { (void)ruvector::MetaFilter::parse(std::string(70000, ' ')); }).second ==
        "filter of 70000 bytes, at most 65536 allowed");
}
