// RabitqIndex::calibrate: the calibration table of calibration.hpp, measured at build.
#include <algorithm>
#include <cmath>
#include <string>

#include "ruvector/core/parallel.hpp"
#include "ruvector/core/top_k.hpp"
#include "ruvector/rabitq/calibration.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "ruvector/rabitq/random.hpp"
#include "ruvector/rabitq/unit_rows.hpp"
#include "ruvector/simd/distance_matrix.hpp"

namespace ruvector::rabitq {
namespace {

constexpr std::size_t kTruthChunk = 4096;  // base rows per task of the exact search
constexpr double kSaturated = 0.999;       // recall at which larger nprobes are not tried
constexpr double kNoGain = 0.001;          // a step gaining less than this did not improve recall

using RowHit = std::pair<float, std::size_t>;  // (exact distance, row)

// The k nearest rows of every query among all n rows except its own (`rows[q]`), as row numbers,
// ordered by (distance, row). One pass over the base: each chunk of rows is compared with every
// query while it is in cache, each chunk keeping its own top k, merged in chunk order afterwards
// (the same result for any number of threads).
std::vector<std::size_t> exact_neighbours(const float* vectors, std::size_t n, std::size_t dim, Metric metric,
                                          const std::vector<float>& queries, const std::vector<std::size_t>& rows,
                                          std::size_t k, unsigned threads) {
  const DistanceFn distance = distance_fn(simd::active_kernels(), metric);
  const std::size_t m = rows.size();
  const std::size_t chunks = (n + kTruthChunk - 1) / kTruthChunk;
  std::vector<std::vector<RowHit>> best(chunks * m);
  parallel_for(chunks, threads, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t c = begin; c < end; ++c) {
      for (std::size_t r = c * kTruthChunk; r < std::min(n, (c + 1) * kTruthChunk); ++r) {
        for (std::size_t q = 0; q < m; ++q) {
          if (r == rows[q]) continue;
          keep_if_top_k(best[c * m + q], k, RowHit{distance(&queries[q * dim], vectors + r * dim, dim), r});
        }
      }
    }
  });
  std::vector<std::size_t> out(m * k);
  std::vector<RowHit> merged;
  for (std::size_t q = 0; q < m; ++q) {
    merged.clear();
    for (std::size_t c = 0; c < chunks; ++c)
      merged.insert(merged.end(), best[c * m + q].begin(), best[c * m + q].end());
    std::sort(merged.begin(), merged.end());
    for (std::size_t j = 0; j < k; ++j) out[q * k + j] = merged[j].second;
  }
  return out;
}

// Bytes a search reads per query with these counts (calibration.hpp's cost).
struct ReadCost {
  double per_code;
  double per_candidate;  // extended codes (bits > 1)
  double per_reranked;   // a stored row
  double per_centroid;
  [[nodiscard]] double of(double codes, double candidates, double reranked, double centroids) const {
    return codes * per_code + candidates * per_candidate + reranked * per_reranked + centroids * per_centroid;
  }
};

// Appends to `table` the entries of one nprobe (a factor only if it finds more than the smaller
// ones: it always costs more); returns the best recall at this nprobe.
double append_entries(const std::vector<QueryMeasure>& measures, std::span<const double> factors, std::size_t nprobe,
                      std::size_t k, const ReadCost& cost, Calibration& table) {
  const std::size_t m = measures.size();
  const auto per_query = static_cast<double>(m);
  std::vector<double> recalls(m);
  double best_here = 0.0;
  for (std::size_t f = 0; f < factors.size(); ++f) {
    double codes = 0.0;
    double candidates = 0.0;
    double reranked = 0.0;
    double centroids = 0.0;
    double recall = 0.0;
    for (std::size_t q = 0; q < m; ++q) {
      const QueryMeasure& measure = measures[q];
      recalls[q] = static_cast<double>(measure.hits[f]) / static_cast<double>(k);
      recall += recalls[q];
      codes += static_cast<double>(measure.codes_scanned);
      candidates += measure.candidates[f];
      reranked += measure.reranked[f];
      centroids += static_cast<double>(measure.centroids_scored);
    }
    recall /= per_query;
    if (recall <= best_here && f > 0) continue;
    best_here = recall;
    table.entries.push_back({static_cast<std::uint32_t>(nprobe), static_cast<float>(factors[f]),
                             static_cast<float>(recall), static_cast<float>(recall_lower_bound(recalls, k)),
                             static_cast<float>(codes / per_query), static_cast<float>(reranked / per_query),
                             static_cast<float>(cost.of(codes, candidates, reranked, centroids) / per_query)});
    if (recall >= 1.0) break;
  }
  return best_here;
}

}  // namespace

void RabitqIndex::calibrate(const float* vectors, std::size_t n, std::span<const std::uint64_t> ids,
                            const BuildParams& params) {
  const std::size_t m = std::min(kCalibrationQueries, n / 10);
  const std::size_t k = kCalibrationK;
  Rng rng(seed_ ^ 0x63616C6962ULL);  // "calib"
  const std::vector<std::size_t> rows = sample_rows(rng, n, m);
  std::vector<float> queries;  // as search() sees them: unit rows for cosine
  queries.reserve(m * dim_);
  for (const std::size_t r : rows) queries.insert(queries.end(), vectors + r * dim_, vectors + (r + 1) * dim_);
  if (metric_ == Metric::kCosine) normalize_rows(queries, dim_);
  const auto id_of = [&](std::size_t row) { return ids.empty() ? static_cast<std::uint64_t>(row) : ids[row]; };
  std::vector<std::uint64_t> self_ids(m);
  for (std::size_t q = 0; q < m; ++q) self_ids[q] = id_of(rows[q]);
  // The cosine kernel is scale-free: raw rows against unit queries rank as the index's unit rows.
  const std::vector<std::size_t> neighbour_rows =
      exact_neighbours(vectors, n, dim_, metric_, queries, rows, k, params.threads);
  std::vector<std::uint64_t> truth(neighbour_rows.size());
  for (std::size_t i = 0; i < truth.size(); ++i) truth[i] = id_of(neighbour_rows[i]);

  const double row_bytes = store_ == VectorStore::kF32 ? 4.0 : (store_ == VectorStore::kF16 ? 2.0 : 0.0);
  const ReadCost cost{static_cast<double>(padded_dim_) / 8.0 + 8.0,
                      bits_ > 1 ? static_cast<double>(padded_dim_) + 8.0 : 0.0, row_bytes * static_cast<double>(dim_),
                      4.0 * static_cast<double>(dim_)};
  Calibration table;
  table.sample_queries = static_cast<std::uint32_t>(m);
  table.k = static_cast<std::uint32_t>(k);
  table.target_recall = static_cast<float>(params.target_recall);
  std::vector<QueryMeasure> measures;
  const auto hits_at = [&](std::size_t f) {
    std::size_t hits = 0;
    for (const QueryMeasure& measure : measures) hits += measure.hits[f];
    return static_cast<double>(hits) / static_cast<double>(m * k);
  };
  double best_so_far = -1.0;
  int steps_without_gain = 0;
  for (const std::size_t nprobe : calibration_nprobes(nlist())) {
    std::span<const double> factors = calibration_rerank_factors(false);
    measure_queries(queries, self_ids, truth, k, nprobe, factors, params.threads, measures);
    if (hits_at(factors.size() - 1) >= hits_at(factors.size() - 2) + kNoGain) {
      factors = calibration_rerank_factors(true);  // recall still grows with the factor: try larger ones
      measure_queries(queries, self_ids, truth, k, nprobe, factors, params.threads, measures);
    }
    const double best_here = append_entries(measures, factors, nprobe, k, cost, table);
    if (best_here >= kSaturated) break;
    // Recall that stops growing with nprobe (no stored rows to rerank, say) will not reach more.
    steps_without_gain = best_here < best_so_far + kNoGain ? steps_without_gain + 1 : 0;
    if (steps_without_gain == 2) break;
    best_so_far = std::max(best_so_far, best_here);
  }
  calibration_ = std::move(table);
  const CalibrationEntry* chosen =
      choose_setting(calibration_, params.target_recall, static_cast<std::size_t>(params.nprobe), params.rerank_factor);
  if (chosen == nullptr) return;
  if (params.nprobe == 0) default_nprobe_ = std::min<std::size_t>(chosen->nprobe, nlist());
  if (params.rerank_factor == 0.0) default_rerank_factor_ = chosen->rerank_factor;
}

}  // namespace ruvector::rabitq
