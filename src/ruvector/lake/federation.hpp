// The federated merge: per-query k-way merge of shard results by exact distance, ties by id, then
// by shard order. Every shard is searched with the full k and the full rerank budget of a single
// index (upstream cut each shard to rerank_factor / S and lost recall), so the merged top k is never
// worse than one index over the union at the same per-query budget.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ruvector/flat/flat_index.hpp"

namespace ruvector::lake {

struct FederatedResults {
  std::size_t queries = 0;
  std::size_t k = 0;  // columns: min(requested k, hits available over all shards) -- never padded
  std::vector<std::uint64_t> ids;
  std::vector<float> distances;
  std::vector<std::uint32_t> shards;  // which target each hit came from (index into the target list)
};

// All inputs must have the same number of queries; k >= 1.
FederatedResults merge_shard_results(std::span<const SearchResults> shards, std::size_t k);

}  // namespace ruvector::lake
