// Seeded k-means for the IVF coarse quantizer. Deterministic on every target and for any thread
// count: distances come from the bit-exact dots_transposed kernel, centroid sums are taken in
// double in point order. For many lists it is two-level: sqrt(nlist) top clusters, each split
// into its share of the lists, then a few Lloyd iterations over all lists where each row looks
// only at the lists of its nearest top clusters. That trains and assigns a million vectors in
// seconds instead of the minute a flat 4096-way k-means costs, with the flat k-means' partition.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "ruvector/core/progress.hpp"
#include "ruvector/simd/kernels.hpp"

namespace ruvector::rabitq {

class Rng;

// Centroids in both layouts: rows for reading, transposed for the lane-parallel distance kernel.
class CentroidTable {
 public:
  CentroidTable() = default;
  CentroidTable(std::vector<float> rows, std::size_t dim);

  // out[j] = ||c_j||^2 - 2 <x, c_j>  (the squared distance minus ||x||^2)
  void partial_l2(const float* x, float* out, const simd::Kernels& kernels) const;
  // Index of the nearest centroid (ties: lowest index). `scratch` holds size() floats.
  [[nodiscard]] std::size_t nearest(const float* x, float* scratch, const simd::Kernels& kernels) const;

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] const float* row(std::size_t j) const noexcept { return rows_.data() + j * dim_; }
  [[nodiscard]] const std::vector<float>& rows() const noexcept { return rows_; }
  [[nodiscard]] float norm_sq(std::size_t j) const noexcept { return norms_[j]; }
  // Reads every cache line of the table (cache_warm.hpp); returns a sum of what it read.
  [[nodiscard]] std::uint64_t read_all() const noexcept;
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return (rows_.capacity() + transposed_.capacity() + norms_.capacity()) * sizeof(float);
  }

 private:
  std::size_t dim_ = 0;
  std::size_t count_ = 0;
  std::vector<float> rows_;
  std::vector<float> transposed_;
  std::vector<float> norms_;
};

// Lloyd's k-means on n rows; returns k centroids (k <= n).
std::vector<float> train_kmeans(const float* data, std::size_t n, std::size_t dim, std::size_t k, int iterations,
                                Rng& rng, unsigned threads);

// The IVF coarse quantizer: `lists` for search (exact nearest lists), `top` + `members` for fast
// approximate assignment when there are many lists.
class CoarseQuantizer {
 public:
  CoarseQuantizer() = default;
  CoarseQuantizer(CentroidTable lists, CentroidTable top, std::vector<std::uint32_t> top_of_list);

  // Trains on `sample` (n x dim rows).
  static CoarseQuantizer train(const float* sample, std::size_t n, std::size_t dim, std::size_t nlist,
                               std::uint64_t seed, unsigned threads, const Progress& progress = {});

  // The list a vector is stored in: exact for one level, nearest among the lists of the closest
  // top clusters for two levels.
  [[nodiscard]] std::size_t assign(const float* x, std::vector<float>& scratch, const simd::Kernels& kernels) const;

  // Scores (||c||^2 - 2 <x, c>, smaller is closer) of candidate lists for a query: every list for a
  // one-level quantizer; for two levels, only the lists of the `top_probes` closest top clusters,
  // which keeps the centroids read per query in cache (the flat table of 4,096 x 128 floats is
  // 2 MB). Appends (score, list) pairs to `out`.
  void score_lists(const float* x, std::size_t top_probes, std::vector<float>& scratch,
                   std::vector<std::pair<float, std::uint32_t>>& out, const simd::Kernels& kernels) const;

  [[nodiscard]] const CentroidTable& lists() const noexcept { return lists_; }
  [[nodiscard]] const CentroidTable& top() const noexcept { return top_; }
  [[nodiscard]] const std::vector<std::uint32_t>& top_of_list() const noexcept { return top_of_list_; }
  // Reads every cache line of what score_lists reads; returns a sum of what it read.
  [[nodiscard]] std::uint64_t read_all() const noexcept;
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    std::size_t bytes = lists_.memory_bytes() + top_.memory_bytes() + top_of_list_.capacity() * sizeof(std::uint32_t);
    for (const CentroidTable& t : members_) bytes += t.memory_bytes();
    for (const auto& ids : member_ids_) bytes += ids.capacity() * sizeof(std::uint32_t);
    return bytes;
  }

 private:
  void index_members();
  CentroidTable lists_;
  CentroidTable top_;                       // empty for a one-level quantizer
  std::vector<std::uint32_t> top_of_list_;  // list -> top cluster
  std::vector<CentroidTable> members_;      // top cluster -> its lists' centroids
  std::vector<std::vector<std::uint32_t>> member_ids_;
};

}  // namespace ruvector::rabitq
