// The cross-target golden vectors (tests/data/golden_flat.json), checked by the C++ core natively
// and as wasm under node. The same file is checked by pytest, node, a browser worker and Pyodide.
#include <catch2/catch.hpp>
#include <string>

#include "golden.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/simd/distance_matrix.hpp"

namespace json = boost::json;
using ruvector::test::close_to_reference;
using ruvector::test::flat_floats;
using ruvector::test::flat_u64;
using ruvector::test::golden;

TEST_CASE("golden: distance matrices and FlatIndex top-k", "[golden]") {
  for (const auto& item : golden().at("flat").as_array()) {
    const auto& c = item.as_object();
    const std::string name(c.at("name").as_string());
    INFO("case " << name);
    const auto dim = c.at("dim").to_number<std::size_t>();
    const auto metric = ruvector::parse_metric(std::string(c.at("metric").as_string()));
    const auto vectors = flat_floats(c.at("vectors"));
    const auto queries = flat_floats(c.at("queries"));
    const auto want_matrix = flat_floats(c.at("distance_matrix"));

    std::vector<float> matrix(want_matrix.size());
    ruvector::distance_matrix(queries, vectors, dim, metric, matrix);
    for (std::size_t i = 0; i < matrix.size(); ++i) {
      INFO("matrix entry " << i);
      CHECK(close_to_reference(matrix[i], want_matrix[i]));
    }

    ruvector::FlatIndex index(dim, metric);
    if (c.at("ids").is_null()) {
      index.add(vectors);
    } else {
      index.add(vectors, flat_u64(c.at("ids")));
    }
    const auto k = c.at("k").to_number<std::int64_t>();
    const auto res = index.search(queries, k);
    const auto want_ids = flat_u64(c.at("expected_ids"));
    const auto want_d = flat_floats(c.at("expected_distances"));
    CHECK(res.k == c.at("expected_ids").as_array().at(0).as_array().size());
    CHECK(res.ids == want_ids);
    REQUIRE(res.distances.size() == want_d.size());
    for (std::size_t i = 0; i < want_d.size(); ++i) CHECK(close_to_reference(res.distances[i], want_d[i]));
  }
}

TEST_CASE("golden: hamming matrices", "[golden]") {
  for (const auto& item : golden().at("hamming").as_array()) {
    const auto& c = item.as_object();
    const auto bytes = c.at("bytes").to_number<std::size_t>();
    const auto a = ruvector::test::flat_u8(c.at("a"));
    const auto b = ruvector::test::flat_u8(c.at("b"));
    const auto want = flat_u64(c.at("expected"));
    std::vector<std::uint32_t> got(want.size());
    ruvector::hamming_matrix(a, b, bytes, got);
    CHECK(std::vector<std::uint64_t>(got.begin(), got.end()) == want);
  }
}

TEST_CASE("golden: errors carry the shared class name and a message naming the values", "[golden][errors]") {
  for (const auto& item : golden().at("errors").as_array()) {
    const auto& c = item.as_object();
    const std::string op(c.at("op").as_string());
    INFO("op " << op);
    try {
      const std::size_t dim = ruvector::checked_dim(c.at("dim").to_number<std::int64_t>());
      ruvector::FlatIndex index(dim, ruvector::parse_metric(std::string(c.at("metric").as_string())));
      if (op == "search" || op == "search_empty") {
        if (op == "search") index.add(std::vector<float>(dim, 0.5F));
        const std::int64_t k = c.contains("k") ? c.at("k").to_number<std::int64_t>() : 1;
        (void)index.search(flat_floats(c.at("query")), k);
      } else if (op == "add") {
        index.add(flat_floats(c.at("vectors")));
      } else if (op == "add_ids") {
        index.add(flat_floats(c.at("vectors")), flat_u64(c.at("ids")));
      }
      FAIL("expected " << c.at("error").as_string());
    } catch (const ruvector::Error& e) {
      CHECK(e.name() == std::string_view(c.at("error").as_string()));
      CHECK_THAT(e.what(), Catch::Contains(std::string(c.at("message_contains").as_string())));
    }
  }
}
