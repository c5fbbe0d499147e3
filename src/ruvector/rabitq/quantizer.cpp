#include "ruvector/rabitq/quantizer.hpp"

#include <algorithm>
#include <cmath>

namespace ruvector::rabitq {

OneBitCode encode_one_bit(const float* residual, std::size_t padded_dim, std::uint8_t* nibbles) noexcept {
  double norm_sq = 0.0;
  double abs_sum = 0.0;
  for (std::size_t g = 0; g < padded_dim / 4; ++g) {
    unsigned nibble = 0;
    for (unsigned t = 0; t < 4; ++t) {
      const double v = residual[g * 4 + t];
      norm_sq += v * v;
      abs_sum += std::fabs(v);
      if (v > 0.0) nibble |= 1U << t;
    }
    nibbles[g] = static_cast<std::uint8_t>(nibble);
  }
  const float scale = abs_sum > 0.0 ? static_cast<float>(norm_sq / abs_sum) : 0.0F;
  return {static_cast<float>(norm_sq), scale};
}

float one_bit_error_factor(const OneBitCode& code, std::size_t padded_dim) noexcept {
  if (code.scale <= 0.0F) return 0.0F;
  const auto d = static_cast<double>(padded_dim);
  const double norm = std::sqrt(static_cast<double>(code.add));
  const double alpha = std::min(1.0, norm / (static_cast<double>(code.scale) * std::sqrt(d)));
  return static_cast<float>(2.0 * norm * std::sqrt(std::max(0.0, 1.0 - alpha * alpha)) / alpha / std::sqrt(d - 1.0));
}

ExtendedCode encode_extended(const float* residual, std::size_t padded_dim, int bits, std::uint8_t* codes) noexcept {
  const auto levels = static_cast<double>((1U << static_cast<unsigned>(bits)) - 1U);
  const double centre = levels / 2.0;
  double norm_sq = 0.0;
  double max_abs = 0.0;
  for (std::size_t i = 0; i < padded_dim; ++i) {
    norm_sq += static_cast<double>(residual[i]) * residual[i];
    max_abs = std::max(max_abs, std::fabs(static_cast<double>(residual[i])));
  }
  if (norm_sq <= 0.0) {
    std::fill(codes, codes + padded_dim, static_cast<std::uint8_t>(centre));
    return {0.0F, 0.0F};
  }
  // Try rescalings t of r' (from no clipping down to a quarter of it, and some clipping above),
  // keep the rounded grid point with the best cosine to r'.
  const double t_noclip = (centre + 0.5) / max_abs;
  constexpr int kSteps = 48;
  double best_cos = -1.0;
  double best_t = t_noclip;
  for (int s = 0; s < kSteps; ++s) {
    const double t = t_noclip * (0.25 + 1.0 * s / (kSteps - 1));
    double dot = 0.0;
    double xx = 0.0;
    for (std::size_t i = 0; i < padded_dim; ++i) {
      const double u = std::clamp(std::floor(t * residual[i] + centre + 0.5), 0.0, levels);
      const double x = u - centre;
      dot += x * residual[i];
      xx += x * x;
    }
    const double cosine = xx > 0.0 ? dot / std::sqrt(xx * norm_sq) : -1.0;
    if (cosine > best_cos) {
      best_cos = cosine;
      best_t = t;
    }
  }
  double dot = 0.0;
  for (std::size_t i = 0; i < padded_dim; ++i) {
    const double u = std::clamp(std::floor(best_t * residual[i] + centre + 0.5), 0.0, levels);
    codes[i] = static_cast<std::uint8_t>(u);
    dot += (u - centre) * residual[i];
  }
  const double alpha = std::min(1.0, best_cos);
  const auto d = static_cast<double>(padded_dim);
  const double error = alpha > 0.0 ? 2.0 * std::sqrt(norm_sq) * std::sqrt(std::max(0.0, 1.0 - alpha * alpha)) / alpha /
                                         std::sqrt(d - 1.0)
                                   : 0.0;
  return {dot > 0.0 ? static_cast<float>(norm_sq / dot) : 0.0F, static_cast<float>(error)};
}

}  // namespace ruvector::rabitq
