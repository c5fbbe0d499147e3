// The calibration table of a RabitqIndex: recall@10 and cost of search settings (nprobe, rerank
// factor), measured at build on a seeded sample of base rows searched as queries without
// themselves, against their exact neighbours. It picks the default setting (the cheapest that
// reaches the build's target_recall) and the setting of search(target_recall=...).
//
// Cost is counted, not timed, so the same seed gives the same table under any load: the bytes a
// search reads per query (codes scanned, extended codes of the candidates, stored rows reranked,
// centroids scored).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ruvector::rabitq {

struct CalibrationEntry {
  std::uint32_t nprobe = 1;
  float rerank_factor = 1.0F;
  float recall = 0.0F;         // mean recall@10 of the sample queries
  float recall_lower = 0.0F;   // the lower end of its one-sided 95% confidence interval
  float codes_scanned = 0.0F;  // per query
  float rows_reranked = 0.0F;  // per query: exact distances computed
  float cost = 0.0F;           // bytes read per query
};

struct Calibration {
  std::vector<CalibrationEntry> entries;  // by nprobe, then rerank factor
  std::uint32_t sample_queries = 0;
  std::uint32_t k = 0;
  float target_recall = 0.0F;  // the build's: the defaults are the cheapest entry reaching it
  [[nodiscard]] bool empty() const noexcept { return entries.empty(); }
};

// One sample query searched at one nprobe, per calibration rerank factor: its hits among its true
// neighbours, the candidates chosen and the exact distances computed; and the codes it scanned and
// the list centroids it scored (the same for every rerank factor).
struct QueryMeasure {
  std::vector<std::uint32_t> hits;
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> reranked;
  std::size_t codes_scanned = 0;
  std::size_t centroids_scored = 0;
};

// The nprobe values a calibration tries, in order: steps of ~1.5x up to nlist (which ends it).
std::vector<std::size_t> calibration_nprobes(std::size_t nlist);
// The rerank factors it tries at each nprobe: 1 to 64, or on to 1024 (`extended`) where recall
// still grows at 64.
std::span<const double> calibration_rerank_factors(bool extended) noexcept;

// Lower end of the one-sided 95% interval of the mean of per-query recalls (each in [0, 1], out of
// k neighbours): the smaller of the normal interval over the queries (their recalls vary: the k
// neighbours of one query are not independent trials) and the Wilson interval over the m x k
// neighbours (which stays below the mean when every query scores the same).
double recall_lower_bound(std::span<const double> per_query_recall, std::size_t k);

// The entry to search with for `target`: the cheapest whose recall_lower reaches it, else the one
// with the highest recall_lower (the cheapest of those). `max_nprobe` / `max_rerank_factor` (0 =
// free) keep to entries within a setting the caller fixed: recall only grows with either, so an
// entry within it reaches at least its recall with the fixed value. nullptr if none qualifies.
const CalibrationEntry* choose_setting(const Calibration& table, double target, std::size_t max_nprobe,
                                       double max_rerank_factor);

// The table as a JSON array of objects (nprobe, rerank_factor, recall, recall_lower, codes_scanned,
// rows_reranked, cost), for the bindings' `calibration`.
std::string calibration_json(const Calibration& table);

}  // namespace ruvector::rabitq
