#include "ruvector/flat/flat_index.hpp"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/ids.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/core/top_k.hpp"
#include "ruvector/simd/distance_matrix.hpp"

namespace ruvector {
namespace {

using Hit = std::pair<float, std::uint64_t>;  // (distance, id): lexicographic order = result order

}  // namespace

void shrink_columns(SearchResults& results, std::span<const std::size_t> found) {
  const std::size_t columns = found.empty() ? results.k : *std::min_element(found.begin(), found.end());
  if (columns == results.k) return;
  for (std::size_t q = 0; q < results.queries; ++q) {
    std::copy_n(results.ids.begin() + static_cast<std::ptrdiff_t>(q * results.k), columns,
                results.ids.begin() + static_cast<std::ptrdiff_t>(q * columns));
    std::copy_n(results.distances.begin() + static_cast<std::ptrdiff_t>(q * results.k), columns,
                results.distances.begin() + static_cast<std::ptrdiff_t>(q * columns));
  }
  results.k = columns;
  results.ids.resize(results.queries * columns);
  results.distances.resize(results.queries * columns);
}

FlatIndex::FlatIndex(std::size_t dim, Metric metric)
    : dim_(checked_dim(static_cast<std::int64_t>(dim))), metric_(metric) {}

void FlatIndex::add(std::span<const float> vectors, std::span<const std::uint64_t> ids) {
  const std::size_t rows = check_rows(vectors, dim_, "vectors");
  check_finite(vectors, dim_, "vectors");
  const std::unique_lock lock(mutex_);
  std::vector<std::uint64_t> automatic;
  ids = ids_for_new_rows(ids, rows, next_id_, [&](std::uint64_t id) { return row_of_id_.contains(id); }, automatic);
  vectors_.insert(vectors_.end(), vectors.begin(), vectors.end());
  ids_.reserve(ids_.size() + rows);
  row_of_id_.reserve(row_of_id_.size() + rows);
  for (const std::uint64_t id : ids) {
    next_id_ = next_auto_id(next_id_, id);
    row_of_id_.emplace(id, ids_.size());
    ids_.push_back(id);
  }
}

std::size_t FlatIndex::remove(std::span<const std::uint64_t> ids) {
  const std::unique_lock lock(mutex_);
  std::size_t removed = 0;
  for (const std::uint64_t id : ids) {
    const auto it = row_of_id_.find(id);
    if (it == row_of_id_.end()) continue;
    const std::size_t row = it->second;
    const std::size_t last = ids_.size() - 1;
    if (row != last) {  // move the last row into the hole
      std::copy_n(vectors_.begin() + static_cast<std::ptrdiff_t>(last * dim_), dim_,
                  vectors_.begin() + static_cast<std::ptrdiff_t>(row * dim_));
      ids_[row] = ids_[last];
      row_of_id_[ids_[row]] = row;
    }
    ids_.pop_back();
    vectors_.resize(ids_.size() * dim_);
    row_of_id_.erase(it);
    ++removed;
  }
  return removed;
}

SearchResults FlatIndex::search(std::span<const float> queries, std::int64_t k, unsigned threads,
                                const IdFilter& accept) const {
  check_k(k);
  check_threads(threads);
  const std::size_t nq = check_rows(queries, dim_, "queries");
  check_finite(queries, dim_, "queries");
  const std::shared_lock lock(mutex_);
  const std::size_t n = ids_.size();
  if (n == 0) throw_error(ErrorCode::kEmptyIndex, "search on an empty index: add vectors first");
  // Compared in 64 bits: on wasm32 a cast of k to size_t first would wrap 2^40 to 0.
  const auto kk = static_cast<std::size_t>(std::min<std::uint64_t>(static_cast<std::uint64_t>(k), n));

  SearchResults out;
  out.queries = nq;
  out.k = kk;
  out.ids.resize(nq * kk);
  out.distances.resize(nq * kk);
  const DistanceFn fn = distance_fn(simd::active_kernels(), metric_);
  const std::size_t grain = std::max<std::size_t>(1, (1U << 16U) / std::max<std::size_t>(1, n * dim_));
  std::vector<std::size_t> found(nq, 0);  // per query: < kk only when fewer rows pass `accept`
  parallel_for(nq, threads, grain, [&](std::size_t begin, std::size_t end) {
    std::vector<Hit> heap;  // max-heap of the best kk hits so far
    heap.reserve(kk + 1);
    for (std::size_t q = begin; q < end; ++q) {
      heap.clear();
      const float* query = queries.data() + q * dim_;
      for (std::size_t row = 0; row < n; ++row) {
        const Hit hit{fn(query, vectors_.data() + row * dim_, dim_), ids_[row]};
        if (accept && (heap.size() == kk && !(hit < heap.front()))) continue;
        if (accept && !accept(hit.second)) continue;
        keep_if_top_k(heap, kk, hit);
      }
      std::sort_heap(heap.begin(), heap.end());
      found[q] = heap.size();
      for (std::size_t j = 0; j < heap.size(); ++j) {
        out.distances[q * kk + j] = heap[j].first;
        out.ids[q * kk + j] = heap[j].second;
      }
    }
  });
  if (accept) shrink_columns(out, found);
  return out;
}

std::size_t FlatIndex::size() const {
  const std::shared_lock lock(mutex_);
  return ids_.size();
}

std::size_t FlatIndex::memory_bytes() const {
  const std::shared_lock lock(mutex_);
  return vectors_.capacity() * sizeof(float) + ids_.capacity() * sizeof(std::uint64_t) +
         row_of_id_.size() * (sizeof(std::uint64_t) + sizeof(std::size_t) + 2 * sizeof(void*));
}

}  // namespace ruvector
