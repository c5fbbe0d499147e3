// Exact (brute-force) k-nearest-neighbour search: the ground truth the quantized indexes are
// measured against, and the right choice for small collections.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>
#include "ruvector/core/id_filter.hpp"
#include "ruvector/core/metric.hpp"
#include "ruvector/core/shared_mutex.hpp"

namespace ruvector {

// Row-major results of a batch search: row q holds the hits of query q, closest first; ties are
// broken by ascending id so every target returns the same order.
struct SearchResults {
  std::size_t queries = 0;
  std::size_t k = 0;  // columns: min(requested k, index size) -- never padded
  std::vector<std::uint64_t> ids;
  std::vector<float> distances;
};

// After a filtered search whose query q found found[q] <= k hits (written first in its row): the
// columns become the fewest found. Every query finds min(k, rows accepted), so nothing is dropped.
void shrink_columns(SearchResults& results, std::span<const std::size_t> found);

class FlatIndex {
 public:
  FlatIndex(std::size_t dim, Metric metric);

  // Appends rows. `ids` empty assigns max(existing id) + 1, +2, ... (0, 1, ... on an empty index).
  // Everything is validated first (shape, NaN/Inf, id count, duplicates): on error nothing changes.
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids = {});

  // Removes the rows with these ids; unknown ids are ignored. Returns how many were removed.
  std::size_t remove(std::span<const std::uint64_t> ids);

  // k >= 1 required; k larger than the index yields min(k, size()) columns. Searching an empty
  // index throws EmptyIndex. Safe to call from many threads while another thread adds/removes.
  // `accept` (id_filter.hpp) is asked about a row only when it would enter the top k; with it, the
  // columns are min(k, rows accepted).
  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k, unsigned threads = 0,
                                     const IdFilter& accept = {}) const;

  [[nodiscard]] std::size_t size() const;
  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] Metric metric() const noexcept { return metric_; }
  [[nodiscard]] std::size_t memory_bytes() const;

 private:
  std::size_t dim_;
  Metric metric_;
  mutable WriterPreferringSharedMutex mutex_;
  std::vector<float> vectors_;
  std::vector<std::uint64_t> ids_;
  std::unordered_map<std::uint64_t, std::size_t> row_of_id_;
  std::uint64_t next_id_ = 0;
};

}  // namespace ruvector
