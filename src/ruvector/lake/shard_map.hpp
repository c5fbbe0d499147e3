// Which shard owns an id, for collections split over several lakes (Ray actors, JS workers): the
// rule lives here once so every ring routes a build, an add and a remove to the same shard.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace ruvector::lake {

enum class ShardRule : std::uint8_t {
  kHash,   // a mixed hash of the id: even spread whatever structure the ids have (strides, blocks)
  kRange,  // contiguous id ranges cut at split points: scans by id range touch few shards
};

ShardRule parse_shard_rule(std::string_view name);  // "hash" | "range"; InvalidInput names the value
std::string_view shard_rule_name(ShardRule rule);

class ShardMap {
 public:
  // shards in [1, kMaxShards]. `ids` (the rows the shards start with) place the range split points.
  static ShardMap over(ShardRule rule, std::span<const std::uint64_t> ids, std::int64_t shards);
  static ShardMap hash(std::int64_t shards);
  // Range split points at the quantiles of `ids`, so each shard starts with about the same number
  // of rows; with no ids the u64 space is cut evenly.
  static ShardMap range_over(std::span<const std::uint64_t> ids, std::int64_t shards);
  // Range shards from explicit split points (ascending): shard s holds bounds[s-1] <= id < bounds[s].
  static ShardMap range_from_bounds(std::vector<std::uint64_t> bounds);

  [[nodiscard]] ShardRule rule() const { return rule_; }
  [[nodiscard]] std::uint32_t shards() const { return shards_; }
  [[nodiscard]] const std::vector<std::uint64_t>& bounds() const { return bounds_; }

  [[nodiscard]] std::uint32_t shard_of(std::uint64_t id) const;
  [[nodiscard]] std::vector<std::uint32_t> assign(std::span<const std::uint64_t> ids) const;

  static constexpr std::int64_t kMaxShards = 65536;

 private:
  ShardMap(ShardRule rule, std::uint32_t shards, std::vector<std::uint64_t> bounds)
      : rule_(rule), shards_(shards), bounds_(std::move(bounds)) {}

  ShardRule rule_;
  std::uint32_t shards_;
  std::vector<std::uint64_t> bounds_;  // kRange: shards - 1 ascending split points
};

}  // namespace ruvector::lake
