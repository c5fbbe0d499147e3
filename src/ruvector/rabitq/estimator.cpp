#include "ruvector/rabitq/estimator.hpp"

#include <algorithm>
#include <cmath>

namespace ruvector::rabitq {

// Works on locals and raw pointers: stores through the uint8 table may alias any member, which
// kept the compiler from vectorising the quantization (and made it reload every member per entry).
void QueryLut::build(const float* rotated_query, std::size_t padded_dim) {
  const float* q = rotated_query;
  const std::size_t groups = padded_dim / 4;
  lut.resize(groups * 16);
  values.resize(groups * 16);
  mins.resize(groups);
  float* vals = values.data();
  float* group_min = mins.data();
  std::uint8_t* table = lut.data();
  float q_sum = 0.0F;
  float q_norm_sq = 0.0F;
  for (std::size_t i = 0; i < padded_dim; ++i) {
    q_sum += q[i];
    q_norm_sq += q[i] * q[i];
  }
  float range = 0.0F;
  float min_sum = 0.0F;
  for (std::size_t group = 0; group < groups; ++group) {
    // Entry `code` sums the q' of the dims whose bit is set, always as ((q0 + q1) + q2) + q3 with
    // 0/1 masks: the same bits on every target, and a loop over 16 codes the compiler vectorises.
    const float q0 = q[group * 4];
    const float q1 = q[group * 4 + 1];
    const float q2 = q[group * 4 + 2];
    const float q3 = q[group * 4 + 3];
    float* entries = vals + group * 16;
    for (unsigned code = 0; code < 16; ++code) {
      entries[code] = static_cast<float>(code & 1U) * q0 + static_cast<float>((code >> 1U) & 1U) * q1 +
                      static_cast<float>((code >> 2U) & 1U) * q2 + static_cast<float>((code >> 3U) & 1U) * q3;
    }
    // The extremes are the codes of the negative / positive q's: dropping a term of the wrong sign
    // can only lower (raise) each rounded partial sum, so these entries are the exact min / max.
    const unsigned negative = static_cast<unsigned>(q0 < 0.0F) | static_cast<unsigned>(q1 < 0.0F) << 1U |
                              static_cast<unsigned>(q2 < 0.0F) << 2U | static_cast<unsigned>(q3 < 0.0F) << 3U;
    const unsigned positive = static_cast<unsigned>(q0 > 0.0F) | static_cast<unsigned>(q1 > 0.0F) << 1U |
                              static_cast<unsigned>(q2 > 0.0F) << 2U | static_cast<unsigned>(q3 > 0.0F) << 3U;
    const float lo = entries[negative];
    const float hi = entries[positive];
    group_min[group] = lo;
    min_sum += lo;
    range = std::max(range, hi - lo);
  }
  // uint16 accumulators: the sum over all groups must stay below 65536.
  const float levels = std::min(255.0F, std::floor(65535.0F / static_cast<float>(groups)));
  const float step = range > 0.0F ? range / levels : 1.0F;
  const float inv_delta = 1.0F / step;
  for (std::size_t group = 0; group < groups; ++group) {
    const float lo = group_min[group];
    const float* entries = vals + group * 16;
    std::uint8_t* out = table + group * 16;
    for (std::size_t code = 0; code < 16; ++code) {
      // x >= 0 (entries >= lo exactly): truncating x + 0.5 rounds to nearest, and vectorises unlike floor.
      const float x = (entries[code] - lo) * inv_delta;
      out[code] = static_cast<std::uint8_t>(static_cast<int>(std::min(levels, x + 0.5F)));
    }
  }
  delta = step;
  sum_min = min_sum;
  sum = q_sum;
  norm_sq = q_norm_sq;
}

// est = add + |q'|^2 - 2 scale (2 <b, q'> - sum q'), with <b, q'> = delta * S + sum_min: one
// branch-free loop the compiler vectorises (every factor a local: the float stores could alias them).
void estimate_l2(const QueryLut& lut, const std::uint16_t* fastscan_sums, const float* add, const float* scale,
                 std::size_t count, float to_metric, float* estimates) noexcept {
  const float two_delta = 2.0F * lut.delta;
  const float offset = 2.0F * lut.sum_min - lut.sum;
  const float norm_sq = lut.norm_sq;
  for (std::size_t v = 0; v < count; ++v) {
    estimates[v] =
        (add[v] + norm_sq - 2.0F * scale[v] * (two_delta * static_cast<float>(fastscan_sums[v]) + offset)) * to_metric;
  }
}

// est = 1 - <q, c> - scale (2 <b, q'> - sum q').
void estimate_ip(const QueryLut& lut, const std::uint16_t* fastscan_sums, const float* scale, std::size_t count,
                 float centroid_dot, float* estimates) noexcept {
  const float two_delta = 2.0F * lut.delta;
  const float offset = 2.0F * lut.sum_min - lut.sum;
  const float base = 1.0F - centroid_dot;
  for (std::size_t v = 0; v < count; ++v) {
    estimates[v] = base - scale[v] * (two_delta * static_cast<float>(fastscan_sums[v]) + offset);
  }
}

float extended_dot(const std::uint8_t* codes, const float* query, std::size_t padded_dim, int bits, float query_sum,
                   float scale) noexcept {
  float acc = 0.0F;
  for (std::size_t i = 0; i < padded_dim; ++i) acc += static_cast<float>(codes[i]) * query[i];
  const float centre = static_cast<float>((1U << static_cast<unsigned>(bits)) - 1U) * 0.5F;
  return scale * (acc - centre * query_sum);
}

}  // namespace ruvector::rabitq
