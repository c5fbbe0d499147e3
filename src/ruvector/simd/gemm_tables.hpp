// Private to simd/: the per-ISA tables of gemm.hpp (null when this build lacks the ISA), and the
// scalar exp/erf formulas every ISA evaluates with the same constants.
#pragma once

#include <cstdint>
#include <cstring>

#include "ruvector/simd/gemm.hpp"

namespace ruvector::simd::detail {

const MlKernels& scalar_ml_table() noexcept;
const MlKernels* avx2_ml_table() noexcept;
const MlKernels* avx512_ml_table() noexcept;
const MlKernels* simd128_ml_table() noexcept;

// exp(x) = 2^n * e^r with n = round(x log2 e), r = x - n ln 2 (ln 2 split in two for exactness),
// e^r by its Taylor polynomial of degree 6 on |r| <= ln2 / 2 (truncation error < 1.2e-7 relative).
inline constexpr float kExpMin = -87.0F;
inline constexpr float kExpMax = 88.0F;
inline constexpr float kLog2e = 1.44269504088896341F;
inline constexpr float kLn2Hi = 0.693359375F;
inline constexpr float kLn2Lo = -2.12194440e-4F;
inline constexpr float kExpC[7] = {1.0F, 1.0F, 0.5F, 1.0F / 6, 1.0F / 24, 1.0F / 120, 1.0F / 720};

// erf(z), z >= 0, by Abramowitz & Stegun 7.1.26: 1 - t (a1 + t (a2 + t (a3 + t (a4 + t a5)))) e^{-z^2},
// t = 1 / (1 + p z); absolute error <= 1.5e-7.
inline constexpr float kErfP = 0.3275911F;
inline constexpr float kErfA[5] = {0.254829592F, -0.284496736F, 1.421413741F, -1.453152027F, 1.061405429F};
inline constexpr float kInvSqrt2 = 0.70710678118654752F;

inline float exp_scalar(float x) noexcept {
  x = x < kExpMin ? kExpMin : (x > kExpMax ? kExpMax : x);
  const float n = __builtin_nearbyintf(x * kLog2e);
  const float r = (x - n * kLn2Hi) - n * kLn2Lo;
  float p = kExpC[6];
  for (int i = 5; i >= 0; --i) p = p * r + kExpC[i];
  const auto bits = static_cast<std::uint32_t>(static_cast<std::int32_t>(n) + 127) << 23U;
  float scale = 0;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

inline float gelu_scalar(float x) noexcept {
  const float z = (x < 0 ? -x : x) * kInvSqrt2;
  const float t = 1.0F / (1.0F + kErfP * z);
  float poly = kErfA[4];
  for (int i = 3; i >= 0; --i) poly = poly * t + kErfA[i];
  const float erf_abs = 1.0F - poly * t * exp_scalar(-z * z);
  const float erf = x < 0 ? -erf_abs : erf_abs;
  return 0.5F * x * (1.0F + erf);
}

}  // namespace ruvector::simd::detail
