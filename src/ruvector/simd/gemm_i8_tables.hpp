// Private to simd/: the per-ISA INT8 tables of gemm_i8.hpp (null when this build lacks the ISA).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>

#include "ruvector/simd/gemm_i8.hpp"

namespace ruvector::simd {

bool cpu_has_avx512_vnni() noexcept;

namespace detail {

const I8Kernels& scalar_i8_table() noexcept;
const I8Kernels* avx2_i8_table() noexcept;
const I8Kernels* avx512_vnni_i8_table() noexcept;
// Null unless the CPU has AMX-INT8 and the OS grants the tile state (then it is VNNI's table with
// the AMX tile: same packing, same exact sums).
const I8Kernels* avx512_amx_i8_table() noexcept;
const I8Kernels* simd128_i8_table() noexcept;

}  // namespace detail
}  // namespace ruvector::simd

namespace ruvector::simd::detail {

// Calls f(std::integral_constant<std::size_t, rows>) for 1 <= rows <= Rows: register tiles need
// their row count at compile time.
template <std::size_t Rows, class F>
inline void with_rows(std::size_t rows, F&& f) {
  if constexpr (Rows > 0) {
    if (rows == Rows) {
      f(std::integral_constant<std::size_t, Rows>{});
    } else {
      with_rows<Rows - 1>(rows, static_cast<F&&>(f));
    }
  }
}

}  // namespace ruvector::simd::detail

namespace ruvector::simd::detail {
// Internal linkage on purpose: the copies compiled with ISA flags (AVX2, AVX-512) must never be
// shared with the scalar build by the linker.
namespace {  // NOLINT(misc-anonymous-namespace-in-header)

// The scalar definitions every ISA reproduces exactly (and uses for its tails).
[[maybe_unused]] void range_scalar(const float* x, std::size_t n, float* lo, float* hi) {
  float min = 0;
  float max = 0;
  for (std::size_t i = 0; i < n; ++i) {
    min = std::min(min, x[i]);
    max = std::max(max, x[i]);
  }
  *lo = std::min(*lo, min);
  *hi = std::max(*hi, max);
}

// Round half away from zero by truncation (one conversion instruction, the same on every ISA) of
// x * inv_scale clamped to [-zero, 255 - zero], plus zero: 0..255.
[[maybe_unused]] std::uint32_t quantize_one(float x, float inv_scale, std::int32_t zero) {
  const float scaled = std::clamp(x * inv_scale, static_cast<float>(-zero), static_cast<float>(255 - zero));
  return static_cast<std::uint32_t>(static_cast<int>(scaled + (scaled >= 0.0F ? 0.5F : -0.5F)) + zero);
}

[[maybe_unused]] void quantize_row_scalar(const float* x, std::size_t k, float inv_scale, std::int32_t zero,
                                          std::uint32_t* words, std::size_t group, std::size_t begin = 0) {
  const std::size_t shift = 32 / group;
  for (std::size_t w = begin / group; w < (k + group - 1) / group; ++w) words[w] = 0;
  for (std::size_t p = begin; p < k; ++p) {
    words[p / group] |= quantize_one(x[p], inv_scale, zero) << ((p % group) * shift);
  }
}

[[maybe_unused]] void dequantize_scalar(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero,
                                        const float* scales, const std::int32_t* weight_sums, const float* bias,
                                        float* out, std::size_t begin = 0) {
  for (std::size_t j = begin; j < cols; ++j) {
    const float value = a_scale * scales[j] * static_cast<float>(sums[j] - a_zero * weight_sums[j]);
    out[j] = bias != nullptr ? value + bias[j] : value;
  }
}

}  // namespace
}  // namespace ruvector::simd::detail
