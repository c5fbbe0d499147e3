#include "ruvector/rabitq/calibration.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>

namespace ruvector::rabitq {
namespace {

constexpr double kOneSided95 = 1.6448536269514722;  // z of a one-sided 95% interval
// Up to 64 first; the rest only where recall still grows at 64 (hard data, few dimensions).
constexpr std::array<double, 20> kRerankFactors = {1,  2,  3,  4,   6,   8,   12,  16,  24,  32,
                                                   48, 64, 96, 128, 192, 256, 384, 512, 768, 1024};

constexpr std::size_t kFirstRerankFactors = 12;

}  // namespace

std::vector<std::size_t> calibration_nprobes(std::size_t nlist) {
  // 1, 2, 3, 4, 6, 8, 12, 16, 24, ...: the chosen nprobe is at most 1.5x the one that just reaches the target.
  std::vector<std::size_t> out;
  for (std::size_t p = 1; p < nlist; p = p < 2 ? 2 : (p % 3 == 0 ? p / 3 * 4 : p / 2 * 3)) out.push_back(p);
  out.push_back(std::max<std::size_t>(nlist, 1));
  return out;
}

std::span<const double> calibration_rerank_factors(bool extended) noexcept {
  return std::span<const double>(kRerankFactors).first(extended ? kRerankFactors.size() : kFirstRerankFactors);
}

double recall_lower_bound(std::span<const double> per_query_recall, std::size_t k) {
  const auto m = static_cast<double>(per_query_recall.size());
  if (m == 0.0) return 0.0;
  double sum = 0.0;
  for (const double r : per_query_recall) sum += r;
  const double mean = sum / m;
  double squares = 0.0;
  for (const double r : per_query_recall) squares += (r - mean) * (r - mean);
  const double sd = m > 1.0 ? std::sqrt(squares / (m - 1.0)) : 0.0;
  const double normal = mean - kOneSided95 * sd / std::sqrt(m);
  // Wilson score interval over m x k trials.
  const double n = m * static_cast<double>(std::max<std::size_t>(k, 1));
  const double z2 = kOneSided95 * kOneSided95;
  const double centre = mean + z2 / (2.0 * n);
  const double spread = kOneSided95 * std::sqrt(mean * (1.0 - mean) / n + z2 / (4.0 * n * n));
  const double wilson = (centre - spread) / (1.0 + z2 / n);
  return std::clamp(std::min(normal, wilson), 0.0, 1.0);
}

const CalibrationEntry* choose_setting(const Calibration& table, double target, std::size_t max_nprobe,
                                       double max_rerank_factor) {
  const CalibrationEntry* cheapest = nullptr;
  const CalibrationEntry* best = nullptr;
  for (const CalibrationEntry& e : table.entries) {
    if (max_nprobe > 0 && e.nprobe > max_nprobe) continue;
    if (max_rerank_factor > 0.0 && e.rerank_factor > max_rerank_factor) continue;
    if (e.recall_lower >= target && (cheapest == nullptr || e.cost < cheapest->cost)) cheapest = &e;
    const bool better = best == nullptr || e.recall_lower > best->recall_lower ||
                        (e.recall_lower == best->recall_lower && e.cost < best->cost);
    if (better) best = &e;
  }
  return cheapest != nullptr ? cheapest : best;
}

std::string calibration_json(const Calibration& table) {
  boost::json::array out;
  for (const CalibrationEntry& e : table.entries) {
    out.push_back(boost::json::object{
        {"nprobe", e.nprobe},
        {"rerank_factor", e.rerank_factor},
        {"recall", e.recall},
        {"recall_lower", e.recall_lower},
        {"codes_scanned", e.codes_scanned},
        {"rows_reranked", e.rows_reranked},
        {"cost", e.cost},
    });
  }
  return boost::json::serialize(out);
}

}  // namespace ruvector::rabitq
