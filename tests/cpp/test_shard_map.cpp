// The shard routing rule shared by every sharded ring (Ray actors): spread, order and bad input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/lake/shard_map.hpp"

using namespace ruvector;        // NOLINT(google-build-using-namespace)
using namespace ruvector::lake;  // NOLINT(google-build-using-namespace)
using ruvector::test::code_of;
using ruvector::test::golden_file;
using ruvector::test::message_of;

namespace {

std::vector<std::size_t> counts_of(const ShardMap& map, const std::vector<std::uint64_t>& ids) {
  std::vector<std::size_t> counts(map.shards(), 0);
  for (const std::uint32_t s : map.assign(ids)) ++counts.at(s);
  return counts;
}

}  // namespace

TEST_CASE("shard map: hash spreads strided ids evenly and routes one id to one shard", "[lake]") {
  const ShardMap map = ShardMap::hash(4);
  // Stride 4 over 4 shards: `id mod 4` would put every row on shard 0.
  std::vector<std::uint64_t> ids(4000);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = 4 * i;
  for (const std::size_t c : counts_of(map, ids)) {
    CHECK(c > 850);
    CHECK(c < 1150);
  }
  const std::vector<std::uint32_t> again = map.assign(ids);
  for (std::size_t i = 0; i < ids.size(); i += 97) CHECK(again[i] == map.shard_of(ids[i]));
  CHECK(map.shard_of(std::numeric_limits<std::uint64_t>::max()) < 4);
  CHECK(ShardMap::hash(1).shard_of(12345) == 0);
}

TEST_CASE("shard map: range cuts at quantiles, keeps id order across shards", "[lake]") {
  std::vector<std::uint64_t> ids(1000);
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = (std::uint64_t{1} << 60U) + 3 * i;
  std::shuffle(ids.begin(), ids.end(), std::mt19937_64(7));
  const ShardMap map = ShardMap::range_over(ids, 4);
  CHECK(map.rule() == ShardRule::kRange);
  CHECK(map.bounds().size() == 3);
  CHECK(counts_of(map, ids) == std::vector<std::size_t>{250, 250, 250, 250});
  for (const std::uint64_t id : ids) {
    const std::uint32_t s = map.shard_of(id);
    if (s > 0) CHECK(id >= map.bounds()[s - 1]);
    if (s < 3) CHECK(id < map.bounds()[s]);
  }
  CHECK(map.shard_of(0) == 0);
  CHECK(map.shard_of(std::numeric_limits<std::uint64_t>::max()) == 3);
  // No ids yet: the u64 space is cut evenly, so later adds still spread.
  const ShardMap empty = ShardMap::range_over({}, 2);
  CHECK(empty.shard_of(0) == 0);
  CHECK(empty.shard_of(std::numeric_limits<std::uint64_t>::max()) == 1);
  const ShardMap given = ShardMap::range_from_bounds({10, 20});
  CHECK(given.shards() == 3);
  CHECK(given.assign(std::vector<std::uint64_t>{9, 10, 19, 20, 99}) == std::vector<std::uint32_t>{0, 1, 1, 2, 2});
}

TEST_CASE("shard map: bad shard counts, rules and bounds name the value", "[lake][errors]") {
  CHECK(message_of([] { (void)ShardMap::hash(0); }) == "shards must be in [1, 65536], got 0");
  CHECK(code_of([] { (void)ShardMap::hash(70000); }) == ErrorCode::kInvalidInput);
  CHECK(message_of([] { (void)parse_shard_rule("modulo"); }) == "shard_by must be 'hash' or 'range', got 'modulo'");
  CHECK(parse_shard_rule("range") == ShardRule::kRange);
  CHECK(shard_rule_name(ShardRule::kHash) == "hash");
  CHECK(message_of([] { (void)ShardMap::range_from_bounds({5, 3}); }) ==
        "range bounds must ascend, got 5 before 3 at 1");
}

TEST_CASE("shard map: the shared cases (tests/data/shard_map_cases.json, also run by pytest and node)", "[lake]") {
  const boost::json::object& doc = golden_file("shard_map_cases.json");
  const auto u64s = [](const boost::json::value& strings) {
    std::vector<std::uint64_t> out;
    for (const boost::json::value& v : strings.as_array()) out.push_back(std::stoull(std::string(v.as_string())));
    return out;
  };
  const std::vector<std::uint64_t> ids = u64s(doc.at("ids"));
  std::size_t checked = 0;
  for (const boost::json::value& c : doc.at("cases").as_array()) {
    const boost::json::object& one = c.as_object();
    const std::string rule(one.at("shard_by").as_string());
    const std::int64_t shards = one.at("shards").to_number<std::int64_t>();
    INFO(rule << " over " << shards << " shards");
    const ShardMap map = ShardMap::over(parse_shard_rule(rule), ids, shards);
    if (rule == "range") CHECK(map.bounds() == u64s(one.at("bounds")));
    std::vector<std::uint32_t> homes;
    for (const boost::json::value& h : one.at("homes").as_array()) homes.push_back(h.to_number<std::uint32_t>());
    CHECK(map.assign(ids) == homes);
    ++checked;
  }
  CHECK(checked == 9);
}
