#include "ruvector/embed/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

namespace {

constexpr std::size_t kSignedLevels = 128;    // per side of a tensor with both signs
constexpr std::size_t kUnsignedLevels = 255;  // a one-sided tensor

// The bin of magnitude v in `bins` bins over [0, max].
std::size_t bin_of(double v, double max, std::size_t bins) {
  const auto b = static_cast<std::size_t>(v / max * static_cast<double>(bins));
  return std::min(b, bins - 1);
}

double side_threshold(const std::vector<double>& histogram, double max, CalibrationMethod method, double percentile,
                      std::size_t levels) {
  if (max <= 0 || histogram.empty()) return 0;
  if (method == CalibrationMethod::kPercentile) return percentile_threshold(histogram, max, percentile);
  return entropy_threshold(histogram, max, levels);
}

// Q of the KL search: bins [0, i) merged into `levels` groups, each group's mass spread evenly over
// its non-empty bins (an empty bin stays empty: quantization cannot create mass there).
void quantized_distribution(const std::vector<double>& histogram, std::size_t i, std::size_t levels,
                            std::vector<double>& q) {
  std::fill(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(i), 0.0);
  for (std::size_t g = 0; g < levels; ++g) {
    const std::size_t start = g * i / levels;
    const std::size_t end = (g + 1) * i / levels;
    double mass = 0;
    std::size_t nonzero = 0;
    for (std::size_t b = start; b < end; ++b) {
      mass += histogram[b];
      nonzero += histogram[b] != 0 ? 1 : 0;
    }
    if (nonzero == 0) continue;
    for (std::size_t b = start; b < end; ++b) q[b] = histogram[b] != 0 ? mass / static_cast<double>(nonzero) : 0;
  }
}

// KL(P || Q) over bins [0, i), P of total mass `total`, Q normalised here.
double divergence(const std::vector<double>& p, const std::vector<double>& q, std::size_t i, double total) {
  const double q_sum = std::accumulate(q.begin(), q.begin() + static_cast<std::ptrdiff_t>(i), 0.0);
  double kl = 0;
  for (std::size_t b = 0; b < i; ++b) {
    if (p[b] == 0) continue;
    const double pb = p[b] / total;
    // A folded-outlier bin that was empty before folding has no Q mass: a small floor keeps the
    // divergence finite and still penalises it.
    const double qb = q[b] > 0 ? q[b] / q_sum : 1e-12;
    kl += pb * std::log(pb / qb);
  }
  return kl;
}

}  // namespace

CalibrationMethod calibration_method(std::string_view name) {
  if (name == "minmax") return CalibrationMethod::kMinMax;
  if (name == "percentile") return CalibrationMethod::kPercentile;
  if (name == "kl" || name == "entropy") return CalibrationMethod::kEntropy;
  throw_error(ErrorCode::kInvalidInput,
              "calibration method must be 'minmax', 'percentile' or 'kl', got '" + std::string(name) + "'");
}

std::string_view calibration_method_name(CalibrationMethod method) noexcept {
  switch (method) {
    case CalibrationMethod::kMinMax: return "minmax";
    case CalibrationMethod::kPercentile: return "percentile";
    case CalibrationMethod::kEntropy: return "kl";
  }
  return "kl";
}

void ActivationStatistics::observe_extremes(const float* x, std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    lo_ = std::min(lo_, x[i]);
    hi_ = std::max(hi_, x[i]);
  }
}

void ActivationStatistics::observe_histogram(const float* x, std::size_t n) {
  if (positive_.empty()) {
    positive_.assign(kBins, 0.0);
    negative_.assign(kBins, 0.0);
  }
  const double hi = hi_;
  const double lo = -static_cast<double>(lo_);
  for (std::size_t i = 0; i < n; ++i) {
    const double v = x[i];
    // Values outside pass 1's extremes (another image set) land in the last bin: clipped outliers.
    if (v >= 0) {
      if (hi > 0) positive_[bin_of(v, hi, kBins)] += 1;
    } else if (lo > 0) {
      negative_[bin_of(-v, lo, kBins)] += 1;
    }
  }
}

ActivationRange ActivationStatistics::range(CalibrationMethod method, double percentile) const {
  if (method == CalibrationMethod::kMinMax) return {lo_, hi_};
  if (positive_.empty())
    throw_error(ErrorCode::kInvalidInput, "calibration: no histogram was collected for this tensor");
  const bool one_sided = lo_ == 0;
  const std::size_t levels = one_sided ? kUnsignedLevels : kSignedLevels;
  const double hi = side_threshold(positive_, hi_, method, percentile, levels);
  const double lo = side_threshold(negative_, -static_cast<double>(lo_), method, percentile, levels);
  return {static_cast<float>(-lo), static_cast<float>(hi)};
}

void check_percentile(double percentile) {
  if (std::isnan(percentile) || percentile <= 0 || percentile > 100)
    throw_error(ErrorCode::kInvalidInput, "percentile must be in (0, 100], got " + std::to_string(percentile));
}

double percentile_threshold(const std::vector<double>& histogram, double max, double percentile) {
  check_percentile(percentile);
  const double total = std::accumulate(histogram.begin(), histogram.end(), 0.0);
  if (total <= 0) return 0;
  const double target = total * percentile / 100.0;
  const double width = max / static_cast<double>(histogram.size());
  double seen = 0;
  for (std::size_t b = 0; b < histogram.size(); ++b) {
    seen += histogram[b];
    if (seen >= target) return static_cast<double>(b + 1) * width;
  }
  return max;
}

double entropy_threshold(const std::vector<double>& observed, double max, std::size_t levels) {
  // The first bin holds a ReLU's exact zeros: as a spike it would dominate both distributions and make
  // clipping look free (at i = levels bins Q is P up to the clipped mass), so it counts as much as
  // its neighbour, as NVIDIA's pytorch-quantization does.
  std::vector<double> histogram = observed;
  if (histogram.size() > 1) histogram[0] = histogram[1];
  const std::size_t bins = histogram.size();
  const double total = std::accumulate(histogram.begin(), histogram.end(), 0.0);
  if (total <= 0) return 0;
  if (bins <= levels) return max;
  std::vector<double> p(bins);
  std::vector<double> q(bins);
  double outliers = total;  // mass beyond the candidate threshold i
  for (std::size_t b = 0; b < levels; ++b) outliers -= histogram[b];
  double best = std::numeric_limits<double>::infinity();
  std::size_t best_bins = bins;
  for (std::size_t i = levels; i <= bins; ++i) {
    // P: the histogram clipped at bin i, the clipped mass folded into its last bin.
    std::copy(histogram.begin(), histogram.begin() + static_cast<std::ptrdiff_t>(i), p.begin());
    p[i - 1] += outliers;
    quantized_distribution(histogram, i, levels, q);
    const double kl = divergence(p, q, i, total);
    if (kl < best) {
      best = kl;
      best_bins = i;
    }
    if (i < bins) outliers -= histogram[i];
  }
  return std::min(max, (static_cast<double>(best_bins) + 0.5) * max / static_cast<double>(bins));
}

}  // namespace ruvector::embed
