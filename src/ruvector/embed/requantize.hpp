// Static INT8 arithmetic of the quantized image encoder: activations are u8 codes with a per-tensor
// scale and zero point (x ~ scale * (code - zero), simd::row_quantization of the tensor's calibrated
// range), weights s8 per output channel, and an int32 sum moves to the next tensor's codes by a
// fixed-point multiply instead of a float one, so every ISA and target computes the same codes.
//
// Rounding: round half away from zero, everywhere (the same rule as the activation and weight
// quantizers of simd/gemm_i8). Results saturate to int32 before the zero point is added and the
// code is clamped to its u8 range.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "ruvector/simd/requantize_u8.hpp"

namespace ruvector::embed {

// A real multiplier M as m0 * 2^-shift, m0 in [2^30, 2^31) (31 significant bits), 1 <= shift <= 62:
// M in [2^-31, 2^30). A smaller positive M is m0 = 0 (its products with any int32 round to 0).
struct FixedPointMultiplier {
  std::int32_t m0 = 0;
  int shift = 1;
};

// InvalidInput for M <= 0, NaN or M >= 2^30.
FixedPointMultiplier fixed_point_multiplier(double m);

using simd::rounding_shift;

// round(acc * M) saturated to int32, with M = m.m0 * 2^-m.shift.
inline std::int32_t requantize(std::int32_t acc, FixedPointMultiplier m) noexcept {
  return static_cast<std::int32_t>(
      std::clamp<std::int64_t>(rounding_shift(static_cast<std::int64_t>(acc) * m.m0, m.shift),
                               std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()));
}

// The sum of two u8 tensors into a third (a residual connection), all with their own scale and zero
// point: out = clamp(z_out + round(((a - z_a) * s_a + (b - z_b) * s_b) / s_out), 0, 255), the two
// multipliers s_a / s_out and s_b / s_out sharing one shift so the sum is rounded once.
class QuantizedAdd {
 public:
  QuantizedAdd() = default;
  QuantizedAdd(float scale_a, std::int32_t zero_a, float scale_b, std::int32_t zero_b, float scale_out,
               std::int32_t zero_out);
  void apply(const std::uint8_t* a, const std::uint8_t* b, std::size_t n, std::uint8_t* out) const noexcept;
  [[nodiscard]] std::uint8_t one(std::uint8_t a, std::uint8_t b) const noexcept;

 private:
  std::int64_t m_a_ = 0;
  std::int64_t m_b_ = 0;
  int shift_ = 1;
  std::int32_t zero_a_ = 0;
  std::int32_t zero_b_ = 0;
  std::int32_t zero_out_ = 0;
};

}  // namespace ruvector::embed
