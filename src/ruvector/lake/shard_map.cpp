#include "ruvector/lake/shard_map.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "ruvector/core/error.hpp"
#include "ruvector/core/splitmix64.hpp"

namespace ruvector::lake {

namespace {

std::uint32_t checked_shard_count(std::int64_t shards) {
  if (shards < 1 || shards > ShardMap::kMaxShards) {
    throw_error(ErrorCode::kInvalidInput,
                "shards must be in [1, " + std::to_string(ShardMap::kMaxShards) + "], got " + std::to_string(shards));
  }
  return static_cast<std::uint32_t>(shards);
}

// Mixed first: sequential or strided ids (0, 4, 8, ...) land on every shard evenly, which a plain
// `id mod shards` does not do for strides sharing a factor with the shard count.
std::uint64_t mix(std::uint64_t id) {
  return splitmix64(id);
}

}  // namespace

ShardRule parse_shard_rule(std::string_view name) {
  if (name == "hash") return ShardRule::kHash;
  if (name == "range") return ShardRule::kRange;
  throw_error(ErrorCode::kInvalidInput, "shard_by must be 'hash' or 'range', got '" + std::string(name) + "'");
}

std::string_view shard_rule_name(ShardRule rule) {
  return rule == ShardRule::kHash ? "hash" : "range";
}

ShardMap ShardMap::over(ShardRule rule, std::span<const std::uint64_t> ids, std::int64_t shards) {
  return rule == ShardRule::kHash ? hash(shards) : range_over(ids, shards);
}

ShardMap ShardMap::hash(std::int64_t shards) {
  return {ShardRule::kHash, checked_shard_count(shards), {}};
}

ShardMap ShardMap::range_over(std::span<const std::uint64_t> ids, std::int64_t shards) {
  const std::uint32_t count = checked_shard_count(shards);
  std::vector<std::uint64_t> bounds;
  bounds.reserve(count - 1);
  if (ids.empty()) {
    const std::uint64_t step = std::numeric_limits<std::uint64_t>::max() / count;
    for (std::uint32_t s = 1; s < count; ++s) bounds.push_back(step * s + 1);
    return {ShardRule::kRange, count, std::move(bounds)};
  }
  std::vector<std::uint64_t> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  for (std::uint32_t s = 1; s < count; ++s) {
    const auto at = static_cast<std::size_t>((static_cast<std::uint64_t>(sorted.size()) * s) / count);
    bounds.push_back(sorted[at]);
  }
  return {ShardRule::kRange, count, std::move(bounds)};
}

ShardMap ShardMap::range_from_bounds(std::vector<std::uint64_t> bounds) {
  (void)checked_shard_count(static_cast<std::int64_t>(bounds.size()) + 1);
  for (std::size_t i = 1; i < bounds.size(); ++i) {
    if (bounds[i] < bounds[i - 1]) {
      throw_error(ErrorCode::kInvalidInput, "range bounds must ascend, got " + std::to_string(bounds[i - 1]) +
                                                " before " + std::to_string(bounds[i]) + " at " + std::to_string(i));
    }
  }
  const auto shards = static_cast<std::uint32_t>(bounds.size() + 1);
  return {ShardRule::kRange, shards, std::move(bounds)};
}

std::uint32_t ShardMap::shard_of(std::uint64_t id) const {
  if (rule_ == ShardRule::kHash) return static_cast<std::uint32_t>(mix(id) % shards_);
  return static_cast<std::uint32_t>(std::upper_bound(bounds_.begin(), bounds_.end(), id) - bounds_.begin());
}

std::vector<std::uint32_t> ShardMap::assign(std::span<const std::uint64_t> ids) const {
  std::vector<std::uint32_t> out(ids.size());
  std::transform(ids.begin(), ids.end(), out.begin(), [this](std::uint64_t id) { return shard_of(id); });
  return out;
}

}  // namespace ruvector::lake
