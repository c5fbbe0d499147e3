// Calibration of static INT8 activations: the range [lo, hi] (lo <= 0 <= hi) each quantized tensor
// gets, from its values over a calibration set, by one of three methods:
//   minmax     the observed extremes;
//   percentile the p-th percentile (default 99.99) of each side's magnitudes;
//   entropy    TensorRT's KL search: per side, a 2048-bin histogram of magnitudes and the clipping
//              threshold whose quantized distribution (clipped values folded into the last bin) is
//              closest in Kullback-Leibler divergence to the observed one.
// A side is the non-negative values (ReLU6 outputs have only this one: its codes get all 255 levels)
// or the negative ones; for a tensor with both, each side's search assumes 128 levels.
// Two passes over the data: the extremes first (they fix the histograms' bins), then the histograms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ruvector::embed {

enum class CalibrationMethod { kMinMax, kPercentile, kEntropy };

// "minmax", "percentile", "kl" (or "entropy"); InvalidInput names any other.
CalibrationMethod calibration_method(std::string_view name);
std::string_view calibration_method_name(CalibrationMethod method) noexcept;

struct ActivationRange {
  float lo = 0;  // <= 0
  float hi = 0;  // >= 0
};

class ActivationStatistics {
 public:
  static constexpr std::size_t kBins = 2048;

  // Pass 1: the extremes (always including 0).
  void observe_extremes(const float* x, std::size_t n) noexcept;
  // Pass 2 (not needed for minmax): the histograms over the extremes of pass 1.
  void observe_histogram(const float* x, std::size_t n);

  [[nodiscard]] ActivationRange range(CalibrationMethod method, double percentile) const;
  [[nodiscard]] ActivationRange extremes() const noexcept { return {lo_, hi_}; }

 private:
  float lo_ = 0;
  float hi_ = 0;
  std::vector<double> positive_;  // counts of x >= 0 over [0, hi_]
  std::vector<double> negative_;  // counts of -x for x < 0 over [0, -lo_]
};

// InvalidInput unless 0 < percentile <= 100.
void check_percentile(double percentile);

// Clipping thresholds of one side's histogram of magnitudes (bins of equal width over [0, max]).
double percentile_threshold(const std::vector<double>& histogram, double max, double percentile);
double entropy_threshold(const std::vector<double>& observed, double max, std::size_t levels);

}  // namespace ruvector::embed
