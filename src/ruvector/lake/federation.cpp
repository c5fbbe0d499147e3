#include "ruvector/lake/federation.hpp"

#include <algorithm>
#include <string>
#include <tuple>

#include "ruvector/core/error.hpp"

namespace ruvector::lake {

FederatedResults merge_shard_results(std::span<const SearchResults> shards, std::size_t k) {
  FederatedResults out;
  if (shards.empty()) return out;
  out.queries = shards[0].queries;
  std::size_t available = 0;
  for (const SearchResults& shard : shards) {
    if (shard.queries != out.queries) {
      throw_error(ErrorCode::kInvalidInput, "shard results disagree on the query count: " +
                                                std::to_string(out.queries) + " vs " + std::to_string(shard.queries));
    }
    available += shard.k;
  }
  out.k = std::min(k, available);
  out.ids.reserve(out.queries * out.k);
  out.distances.reserve(out.queries * out.k);
  out.shards.reserve(out.queries * out.k);
  // Heads of each shard's row; rows are short (k) and shards few, so a linear pick beats a heap.
  std::vector<std::size_t> head(shards.size());
  for (std::size_t q = 0; q < out.queries; ++q) {
    std::fill(head.begin(), head.end(), 0);
    for (std::size_t taken = 0; taken < out.k; ++taken) {
      std::size_t best = shards.size();
      for (std::size_t s = 0; s < shards.size(); ++s) {
        if (head[s] >= shards[s].k) continue;
        const std::size_t i = q * shards[s].k + head[s];
        if (best == shards.size()) {
          best = s;
          continue;
        }
        const std::size_t j = q * shards[best].k + head[best];
        if (std::tie(shards[s].distances[i], shards[s].ids[i]) <
            std::tie(shards[best].distances[j], shards[best].ids[j])) {
          best = s;
        }
      }
      const std::size_t i = q * shards[best].k + head[best]++;
      out.ids.push_back(shards[best].ids[i]);
      out.distances.push_back(shards[best].distances[i]);
      out.shards.push_back(static_cast<std::uint32_t>(best));
    }
  }
  return out;
}

}  // namespace ruvector::lake
