// Recall of a search against exact results: the share of each query's true top k found in its row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>

#include "ruvector/flat/flat_index.hpp"

namespace ruvector::test {

inline double recall_at(const SearchResults& got, const SearchResults& truth) {
  std::size_t hits = 0;
  for (std::size_t q = 0; q < truth.queries; ++q) {
    const std::set<std::uint64_t> want(truth.ids.begin() + q * truth.k, truth.ids.begin() + (q + 1) * truth.k);
    for (std::size_t j = 0; j < got.k; ++j) hits += want.count(got.ids[q * got.k + j]);
  }
  return double(hits) / double(truth.queries * truth.k);
}

}  // namespace ruvector::test
