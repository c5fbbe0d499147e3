// The query side of the RaBitQ estimator (the code side, and the formulas it rests on, are in
// quantizer.hpp): the quantized query of one probed list, the distance estimates of a list's codes
// and the error bounds that let reranking skip a candidate.
//
// Distances are estimated from <r, q'>, r' the rotated residual of a stored vector and q' that of
// the query against the same centroid c:
//   l2:  ||o - q||^2 ~ ||r||^2 + ||q'||^2 - 2 <r, q'>      (cosine: the same on unit vectors, halved)
//   ip:  1 - <o, q>  ~ 1 - <q, c> - <r, q'>                (q' = the rotated query itself)
// Every formula is evaluated in float and in a fixed order (-ffp-contract=off): the golden vectors in
// tests/data/ hold the same bits on every target.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ruvector/rabitq/quantizer.hpp"

namespace ruvector::rabitq {

// The quantized query of one list: a uint8 table of 16 entries per group of 4 dimensions for
// FastScan, plus the terms that undo the quantization, <b, q'> ~ delta * S + sum_min (S the
// FastScan sum of a code's table entries).
struct QueryLut {
  std::vector<std::uint8_t> lut;
  std::vector<float> values;  // scratch, kept between queries
  std::vector<float> mins;
  float delta = 1.0F;
  float sum_min = 0.0F;
  float sum = 0.0F;      // sum_i q'_i
  float norm_sq = 0.0F;  // ||q'||^2

  // From q', padded_dim floats (a multiple of 4).
  void build(const float* rotated_query, std::size_t padded_dim);
};

// Estimated distances of `count` 1-bit codes of a list from their FastScan sums, in the metric's
// units (`to_metric`: 0.5 for cosine, else 1). `add` and `scale` are the codes' OneBitCode factors.
void estimate_l2(const QueryLut& lut, const std::uint16_t* fastscan_sums, const float* add, const float* scale,
                 std::size_t count, float to_metric, float* estimates) noexcept;
// The same for the inner-product metric; `centroid_dot` is <q, c> of the list.
void estimate_ip(const QueryLut& lut, const std::uint16_t* fastscan_sums, const float* scale, std::size_t count,
                 float centroid_dot, float* estimates) noexcept;

// The estimate of one code from <r, q'> (an extended code's extended_dot).
inline float l2_from_dot(float add, const QueryLut& lut, float dot, float to_metric) noexcept {
  return (add + lut.norm_sq - 2.0F * dot) * to_metric;
}
inline float ip_from_dot(float centroid_dot, float dot) noexcept {
  return 1.0F - centroid_dot - dot;
}

// <r, q'> estimated from an extended code (bits 2..8): ex_scale * (<u, q'> - (2^B - 1)/2 * sum_i q'_i).
float extended_dot(const std::uint8_t* codes, const float* query, std::size_t padded_dim, int bits, float query_sum,
                   float scale) noexcept;

// How far a 1-bit l2 estimate (before `to_metric`) can be off, at kPruneEps: the code's error plus
// the rounding of the uint8 table (4 * (delta / 2) * sqrt(G) over G groups). Scale it by 0.5 for ip
// (one <r, q'>, not two) and for cosine (halved l2).
inline float one_bit_bound(const QueryLut& lut, float add, float scale, std::size_t padded_dim) noexcept {
  const std::size_t groups = padded_dim / 4;
  const float lut_error = 2.0F * lut.delta * std::sqrt(static_cast<float>(groups));
  return one_bit_error_factor({add, scale}, padded_dim) * std::sqrt(lut.norm_sq) * static_cast<float>(kPruneEps) +
         scale * lut_error;
}

// The same for an extended code, from its stored error factor (ExtendedCode::error_factor).
inline float extended_bound(const QueryLut& lut, float error_factor) noexcept {
  return error_factor * std::sqrt(lut.norm_sq) * static_cast<float>(kPruneEps);
}

}  // namespace ruvector::rabitq
