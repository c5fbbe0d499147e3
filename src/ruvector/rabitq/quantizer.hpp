// RaBitQ codes of one rotated residual r' = P(o - c) and the estimator of <r, q'> they support
// (its query side, the LUTs, estimates and bounds of a search: estimator.hpp).
//
// 1-bit (Gao & Long, SIGMOD 2024): b_i = [r'_i > 0], x = (2b - 1) / sqrt(D). With
//   scale = ||r||^2 / sum_i |r'_i|,  the unbiased estimator is  <r, q'> ~ scale * (2 <b, q'> - sum_i q'_i)
// and, with alpha = <x, r'/||r||> = sum |r'_i| / (sqrt(D) ||r||), its error is at most
//   ||r|| ||q'|| sqrt(1 - alpha^2) / alpha * eps0 / sqrt(D - 1)  with high probability (eps0 = 1.9).
//
// Extended (Gao et al., SIGMOD 2025), bits B = 2..8: u_i in [0, 2^B - 1], x = u - (2^B - 1)/2 is the
// grid point whose direction is closest to r' among the rescalings t * r' rounded to the grid, and
//   ex_scale = ||r||^2 / <x, r'>,  <r, q'> ~ ex_scale * (<u, q'> - (2^B - 1)/2 * sum_i q'_i).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ruvector::rabitq {

// Confidence multipliers of the error bound: the paper's eps0 = 1.9 holds ~95% of the time (the
// error is close to normal with the bound / eps0 as its deviation); reranking prunes at 3.0.
inline constexpr double kEps0 = 1.9;
inline constexpr double kPruneEps = 3.0;

struct OneBitCode {
  float add;    // ||r||^2
  float scale;  // ||r||^2 / sum |r'_i|
};

// Writes padded_dim / 4 nibbles (bit t of nibble g = b_{4g+t}) and returns the factors.
OneBitCode encode_one_bit(const float* residual, std::size_t padded_dim, std::uint8_t* nibbles) noexcept;

// Error-bound factor of a 1-bit code: bound = factor * ||q'|| * kEps0.
float one_bit_error_factor(const OneBitCode& code, std::size_t padded_dim) noexcept;

struct ExtendedCode {
  float scale;         // ||r||^2 / <x, r'>
  float error_factor;  // 2 ||r|| sqrt(1 - alpha^2) / alpha / sqrt(D - 1), alpha = cos(x, r')
};

// Writes padded_dim codes u_i (one byte each) for `bits` in 2..8.
ExtendedCode encode_extended(const float* residual, std::size_t padded_dim, int bits, std::uint8_t* codes) noexcept;

}  // namespace ruvector::rabitq
