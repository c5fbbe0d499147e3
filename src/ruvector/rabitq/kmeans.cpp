#include "ruvector/rabitq/kmeans.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "ruvector/core/cache_warm.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/rabitq/random.hpp"

namespace ruvector::rabitq {
namespace {

constexpr std::size_t kTwoLevelFrom = 256;  // lists
// Top clusters searched when assigning a row to a list, in training and when storing it: the lists
// of 4 hold the nearest list of nearly every row (8 gain 0.003 recall on debian-minilm for 40 %
// more build time; bench/coarse_coverage.py).
constexpr std::size_t kAssignTopProbes = 4;
constexpr int kIterations = 10;
// Lloyd iterations over all lists after the two-level start: with 5, the recall ceiling at nprobe
// 128 on debian-minilm is 0.962 against 0.968 for a flat 10-iteration k-means over all rows.
constexpr int kRefineIterations = 5;

}  // namespace

CentroidTable::CentroidTable(std::vector<float> rows, std::size_t dim)
    : dim_(dim), count_(dim == 0 ? 0 : rows.size() / dim), rows_(std::move(rows)) {
  transposed_.resize(rows_.size());
  norms_.resize(count_);
  for (std::size_t j = 0; j < count_; ++j) {
    double norm = 0.0;
    for (std::size_t i = 0; i < dim_; ++i) {
      const float v = rows_[j * dim_ + i];
      transposed_[i * count_ + j] = v;
      norm += static_cast<double>(v) * v;
    }
    norms_[j] = static_cast<float>(norm);
  }
}

void CentroidTable::partial_l2(const float* x, float* out, const simd::Kernels& kernels) const {
  kernels.dots_transposed(x, transposed_.data(), dim_, count_, out);
  for (std::size_t j = 0; j < count_; ++j) out[j] = norms_[j] - 2.0F * out[j];
}

std::size_t CentroidTable::nearest(const float* x, float* scratch, const simd::Kernels& kernels) const {
  partial_l2(x, scratch, kernels);
  return static_cast<std::size_t>(std::min_element(scratch, scratch + count_) - scratch);
}

namespace {

// Seeds: k distinct rows chosen by a partial Fisher-Yates shuffle.
std::vector<float> seed_centroids(const float* data, std::size_t n, std::size_t dim, std::size_t k, Rng& rng) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<float> centroids(k * dim);
  for (std::size_t j = 0; j < k; ++j) {
    std::swap(order[j], order[j + static_cast<std::size_t>(rng.below(n - j))]);
    std::copy_n(data + order[j] * dim, dim, centroids.begin() + static_cast<std::ptrdiff_t>(j * dim));
  }
  return centroids;
}

// An empty cluster takes a random point of the largest one.
void reseed_empty(std::size_t c, const float* data, std::size_t n, std::size_t dim,
                  const std::vector<std::uint32_t>& assignment, const std::vector<std::size_t>& counts,
                  std::vector<float>& centroids, Rng& rng) {
  const auto largest = static_cast<std::size_t>(std::max_element(counts.begin(), counts.end()) - counts.begin());
  auto pick = static_cast<std::size_t>(rng.below(counts[largest]));
  for (std::size_t i = 0; i < n; ++i) {
    if (assignment[i] == largest && pick-- == 0) {
      std::copy_n(data + i * dim, dim, centroids.begin() + static_cast<std::ptrdiff_t>(c * dim));
      return;
    }
  }
}

// Each centroid moves to the mean of its points (an empty one is reseeded).
void move_to_means(const float* data, std::size_t n, std::size_t dim, std::size_t k,
                   const std::vector<std::uint32_t>& assignment, std::vector<float>& centroids, Rng& rng) {
  std::vector<double> sums(k * dim, 0.0);
  std::vector<std::size_t> counts(k, 0);
  for (std::size_t i = 0; i < n; ++i) {  // point order: the same sums for any thread count
    const std::size_t c = assignment[i];
    ++counts[c];
    for (std::size_t d = 0; d < dim; ++d) sums[c * dim + d] += data[i * dim + d];
  }
  for (std::size_t c = 0; c < k; ++c) {
    if (counts[c] == 0) {
      reseed_empty(c, data, n, dim, assignment, counts, centroids, rng);
      continue;
    }
    for (std::size_t d = 0; d < dim; ++d) {
      centroids[c * dim + d] = static_cast<float>(sums[c * dim + d] / static_cast<double>(counts[c]));
    }
  }
}

}  // namespace

std::vector<float> train_kmeans(const float* data, std::size_t n, std::size_t dim, std::size_t k, int iterations,
                                Rng& rng, unsigned threads) {
  k = std::min(k, n);
  const simd::Kernels& kernels = simd::active_kernels();
  std::vector<float> centroids = seed_centroids(data, n, dim, k, rng);
  std::vector<std::uint32_t> assignment(n);
  for (int it = 0; it < iterations; ++it) {
    const CentroidTable table(centroids, dim);
    parallel_for(n, threads, 256, [&](std::size_t begin, std::size_t end) {
      std::vector<float> scratch(k);
      for (std::size_t i = begin; i < end; ++i) {
        assignment[i] = static_cast<std::uint32_t>(table.nearest(data + i * dim, scratch.data(), kernels));
      }
    });
    move_to_means(data, n, dim, k, assignment, centroids, rng);
  }
  return centroids;
}

CoarseQuantizer::CoarseQuantizer(CentroidTable lists, CentroidTable top, std::vector<std::uint32_t> top_of_list)
    : lists_(std::move(lists)), top_(std::move(top)), top_of_list_(std::move(top_of_list)) {
  index_members();
}

void CoarseQuantizer::index_members() {
  members_.clear();
  member_ids_.clear();
  if (top_.size() == 0) return;
  member_ids_.resize(top_.size());
  for (std::size_t l = 0; l < top_of_list_.size(); ++l)
    member_ids_[top_of_list_[l]].push_back(static_cast<std::uint32_t>(l));
  for (const auto& ids : member_ids_) {
    std::vector<float> rows;
    rows.reserve(ids.size() * lists_.dim());
    for (const std::uint32_t l : ids) rows.insert(rows.end(), lists_.row(l), lists_.row(l) + lists_.dim());
    members_.emplace_back(std::move(rows), lists_.dim());
  }
}

namespace {

// Each list joins its nearest top cluster (ties: lowest index).
std::vector<std::uint32_t> group_lists(const std::vector<float>& rows, std::size_t dim, const CentroidTable& top) {
  const simd::Kernels& kernels = simd::active_kernels();
  std::vector<float> scratch(top.size());
  std::vector<std::uint32_t> top_of_list(rows.size() / dim);
  for (std::size_t l = 0; l < top_of_list.size(); ++l)
    top_of_list[l] = static_cast<std::uint32_t>(top.nearest(rows.data() + l * dim, scratch.data(), kernels));
  return top_of_list;
}

// Lloyd iterations over all lists at once, each row assigned among the lists of its nearest top
// clusters. The per-top-cluster k-means cannot move a list across its top cluster's border; on
// real text embeddings (debian-minilm, 922 lists) that cost 1 point of recall at nprobe 128 and
// 1.3 at nprobe 16 (bench/coarse_coverage.py).
std::vector<float> refine_lists(const float* sample, std::size_t n, std::size_t dim, std::vector<float> rows,
                                const CentroidTable& top, Rng& rng, unsigned threads) {
  const simd::Kernels& kernels = simd::active_kernels();
  const std::size_t k = rows.size() / dim;
  std::vector<std::uint32_t> assignment(n);
  for (int it = 0; it < kRefineIterations; ++it) {
    std::vector<std::uint32_t> top_of_list = group_lists(rows, dim, top);
    const CoarseQuantizer current(CentroidTable(rows, dim), top, std::move(top_of_list));
    parallel_for(n, threads, 256, [&](std::size_t begin, std::size_t end) {
      std::vector<float> scratch;
      for (std::size_t i = begin; i < end; ++i) {
        assignment[i] = static_cast<std::uint32_t>(current.assign(sample + i * dim, scratch, kernels));
      }
    });
    move_to_means(sample, n, dim, k, assignment, rows, rng);
  }
  return rows;
}

}  // namespace

CoarseQuantizer CoarseQuantizer::train(const float* sample, std::size_t n, std::size_t dim, std::size_t nlist,
                                       std::uint64_t seed, unsigned threads, const Progress& progress) {
  Rng rng(seed ^ 0x6B6D65616E73ULL);  // "kmeans": a stream separate from the rotation's
  if (nlist < kTwoLevelFrom) {
    auto rows = train_kmeans(sample, n, dim, nlist, kIterations, rng, threads);
    if (progress) progress({"train", 1, 1});
    return {CentroidTable(std::move(rows), dim), CentroidTable(), {}};
  }
  // Two levels to start: top clusters, then each split into lists in proportion to its share of
  // the sample; then refine_lists lets the lists cross the top clusters' borders.
  const auto top_k = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nlist))));
  CentroidTable top(train_kmeans(sample, n, dim, top_k, kIterations, rng, threads), dim);
  std::vector<std::vector<std::size_t>> members(top.size());
  {
    std::vector<float> scratch(top.size());
    const simd::Kernels& kernels = simd::active_kernels();
    for (std::size_t i = 0; i < n; ++i) members[top.nearest(sample + i * dim, scratch.data(), kernels)].push_back(i);
  }
  // Largest-remainder apportionment of nlist over the top clusters (>= 1 each when non-empty).
  std::vector<std::size_t> share(top.size(), 0);
  std::size_t given = 0;
  std::vector<std::pair<double, std::size_t>> remainders;
  for (std::size_t t = 0; t < top.size(); ++t) {
    if (members[t].empty()) continue;
    const double exact = static_cast<double>(nlist) * static_cast<double>(members[t].size()) / static_cast<double>(n);
    share[t] = std::max<std::size_t>(1, static_cast<std::size_t>(exact));
    given += share[t];
    remainders.emplace_back(-(exact - std::floor(exact)), t);
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t r = 0; given < nlist && r < remainders.size(); ++r, ++given) ++share[remainders[r].second];

  std::vector<float> rows;
  std::vector<float> subset;
  const std::size_t steps = top.size() + 1;  // the splits, then the refinement
  for (std::size_t t = 0; t < top.size(); ++t) {
    if (share[t] == 0) continue;
    subset.clear();
    for (const std::size_t i : members[t]) subset.insert(subset.end(), sample + i * dim, sample + (i + 1) * dim);
    const auto sub = train_kmeans(subset.data(), members[t].size(), dim, share[t], kIterations, rng, threads);
    rows.insert(rows.end(), sub.begin(), sub.end());
    if (progress) progress({"train", t + 1, steps});
  }
  rows = refine_lists(sample, n, dim, std::move(rows), top, rng, threads);
  if (progress) progress({"train", steps, steps});
  std::vector<std::uint32_t> top_of_list = group_lists(rows, dim, top);
  return {CentroidTable(std::move(rows), dim), std::move(top), std::move(top_of_list)};
}

std::uint64_t CentroidTable::read_all() const noexcept {
  return read_each_cache_line(bytes_of(rows_.data(), rows_.size())) +
         read_each_cache_line(bytes_of(transposed_.data(), transposed_.size())) +
         read_each_cache_line(bytes_of(norms_.data(), norms_.size()));
}

std::uint64_t CoarseQuantizer::read_all() const noexcept {
  std::uint64_t sum = lists_.read_all() + top_.read_all();
  for (const CentroidTable& t : members_) sum += t.read_all();
  for (const auto& ids : member_ids_) sum += read_each_cache_line(bytes_of(ids.data(), ids.size()));
  return sum;
}

void CoarseQuantizer::score_lists(const float* x, std::size_t top_probes, std::vector<float>& scratch,
                                  std::vector<std::pair<float, std::uint32_t>>& out,
                                  const simd::Kernels& kernels) const {
  if (top_.size() == 0 || top_probes >= top_.size()) {
    scratch.resize(lists_.size());
    lists_.partial_l2(x, scratch.data(), kernels);
    for (std::uint32_t l = 0; l < lists_.size(); ++l) out.emplace_back(scratch[l], l);
    return;
  }
  scratch.resize(std::max(top_.size(), lists_.size()));
  top_.partial_l2(x, scratch.data(), kernels);
  std::vector<std::pair<float, std::uint32_t>> tops;
  tops.reserve(top_.size());
  for (std::uint32_t t = 0; t < top_.size(); ++t) tops.emplace_back(scratch[t], t);
  std::partial_sort(tops.begin(), tops.begin() + static_cast<std::ptrdiff_t>(top_probes), tops.end());
  for (std::size_t p = 0; p < top_probes; ++p) {
    const std::uint32_t t = tops[p].second;
    const CentroidTable& sub = members_[t];
    sub.partial_l2(x, scratch.data(), kernels);
    for (std::size_t j = 0; j < sub.size(); ++j) out.emplace_back(scratch[j], member_ids_[t][j]);
  }
}

std::size_t CoarseQuantizer::assign(const float* x, std::vector<float>& scratch, const simd::Kernels& kernels) const {
  if (top_.size() == 0) {
    scratch.resize(lists_.size());
    return lists_.nearest(x, scratch.data(), kernels);
  }
  scratch.resize(std::max(top_.size(), lists_.size()));
  top_.partial_l2(x, scratch.data(), kernels);
  // The kAssignTopProbes closest top clusters (ties: lower index), then their lists.
  std::array<std::size_t, kAssignTopProbes> probes{};
  const std::size_t np = std::min(kAssignTopProbes, top_.size());
  for (std::size_t p = 0; p < np; ++p) {
    std::size_t best = 0;
    float best_d = INFINITY;
    for (std::size_t t = 0; t < top_.size(); ++t) {
      bool taken = false;
      for (std::size_t q = 0; q < p; ++q) taken = taken || probes[q] == t;
      if (!taken && scratch[t] < best_d) {
        best_d = scratch[t];
        best = t;
      }
    }
    probes[p] = best;
  }
  std::size_t best_list = 0;
  float best = INFINITY;
  // The top scores are spent: scratch now takes one top cluster's list scores at a time.
  for (std::size_t p = 0; p < np; ++p) {
    const CentroidTable& sub = members_[probes[p]];
    if (sub.size() == 0) continue;
    sub.partial_l2(x, scratch.data(), kernels);
    for (std::size_t j = 0; j < sub.size(); ++j) {
      const std::uint32_t list = member_ids_[probes[p]][j];
      if (scratch[j] < best || (scratch[j] == best && list < best_list)) {
        best = scratch[j];
        best_list = list;
      }
    }
  }
  return best_list;
}

}  // namespace ruvector::rabitq
