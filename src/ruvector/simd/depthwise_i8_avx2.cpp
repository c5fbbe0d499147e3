// AVX2 depthwise INT8: 16 channels per step, (x - zero) * w exact in int16, widened to int32.
#include <immintrin.h>

#include <algorithm>

#include "ruvector/simd/depthwise_i8.hpp"

namespace ruvector::simd::detail {

namespace {

void window_avx2(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps, std::int32_t zero,
                 std::int32_t* acc, std::size_t n) {
  const __m256i z = _mm256_set1_epi16(static_cast<std::int16_t>(zero));
  std::size_t c = 0;
  for (; c + 16 <= n; c += 16) {
    __m256i lo = _mm256_setzero_si256();
    __m256i hi = _mm256_setzero_si256();
    for (std::size_t t = 0; t < taps; ++t) {
      const __m256i xs =
          _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x[t] + c))), z);
      const __m256i ws = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w[t] + c)));
      const __m256i p = _mm256_mullo_epi16(xs, ws);
      lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(p)));
      hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(p, 1)));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + c), lo);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(acc + c + 8), hi);
  }
  if (c == n) return;
  std::fill(acc + c, acc + n, 0);
  for (std::size_t t = 0; t < taps; ++t) depthwise_accumulate_scalar(x[t] + c, w[t] + c, zero, acc + c, n - c);
}

}  // namespace

const DepthwiseI8Kernels* avx2_depthwise_i8_table() noexcept {
  static const DepthwiseI8Kernels table{Isa::kAvx2, window_avx2};
  return &table;
}

}  // namespace ruvector::simd::detail
