// The same seed builds the same RabitqIndex on every target: identical bytes (CRC-32 trailer of
// serialize()) and results, natively and as wasm (tests/data/golden_rabitq.json).
#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "golden.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

using ruvector::test::flat_floats;
using ruvector::test::flat_u64;

TEST_CASE("golden: RabitqIndex is identical on every target for the same seed", "[golden][rabitq]") {
  const auto& g = ruvector::test::golden_file("golden_rabitq.json");
  const auto dim = g.at("dim").to_number<std::size_t>();
  const auto vectors = flat_floats(g.at("vectors"));
  const auto queries = flat_floats(g.at("queries"));
  const auto k = g.at("k").to_number<std::int64_t>();
  for (const auto& item : g.at("cases").as_array()) {
    const auto& c = item.as_object();
    INFO("case " << c.at("name").as_string());
    ruvector::rabitq::BuildParams params;
    params.metric = ruvector::parse_metric(std::string(c.at("metric").as_string()));
    params.bits = c.at("bits").to_number<int>();
    params.store = ruvector::rabitq::parse_store(std::string(c.at("store").as_string()));
    params.nlist = c.at("nlist").to_number<std::int64_t>();
    params.seed = g.at("seed").to_number<std::uint64_t>();
    params.threads = 1;
    const auto index = ruvector::rabitq::RabitqIndex::build(vectors, dim, {}, params);
    CHECK(index.nlist() == c.at("nlist_built").to_number<std::size_t>());
    const auto bytes = index.serialize();
    std::uint32_t crc = 0;
    std::memcpy(&crc, bytes.data() + bytes.size() - 4, 4);
    CHECK(crc == c.at("crc32").to_number<std::uint32_t>());
    const auto res = index.search(queries, k);
    CHECK(res.ids == flat_u64(c.at("expected_ids")));
    const auto want = flat_floats(c.at("expected_distances"));
    REQUIRE(res.distances.size() == want.size());
    const bool estimates = c.at("store").as_string() == "none";
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO("result " << i);
      if (estimates) {
        CHECK(res.distances[i] == want[i]);
      } else {
        CHECK(res.distances[i] == Approx(want[i]).epsilon(1e-5));
      }
    }
  }
}
