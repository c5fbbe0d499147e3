// AVX2 depthwise INT8 tap: 16 channels per step, (x - zero) * w exact in int16, widened to int32.
#include <immintrin.h>

#include "ruvector/simd/depthwise_i8.hpp"

namespace ruvector::simd::detail {

namespace {

void accumulate_avx2(const std::uint8_t* x, const std::int8_t* w, std::int32_t zero, std::int32_t* acc, std::size_t n) {
  const __m256i z = _mm256_set1_epi16(static_cast<std::int16_t>(zero));
  std::size_t c = 0;
  for (; c + 16 <= n; c += 16) {
    const __m256i xs =
        _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(x + c))), z);
    const __m256i ws = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(w + c)));
    const __m256i p = _mm256_mullo_epi16(xs, ws);
    auto* a = reinterpret_cast<__m256i*>(acc + c);
    _mm256_storeu_si256(a, _mm256_add_epi32(_mm256_loadu_si256(a), _mm256_cvtepi16_epi32(_mm256_castsi256_si128(p))));
    _mm256_storeu_si256(
        a + 1, _mm256_add_epi32(_mm256_loadu_si256(a + 1), _mm256_cvtepi16_epi32(_mm256_extracti128_si256(p, 1))));
  }
  depthwise_accumulate_scalar(x + c, w + c, zero, acc + c, n - c);
}

}  // namespace

const DepthwiseI8Kernels* avx2_depthwise_i8_table() noexcept {
  static const DepthwiseI8Kernels table{Isa::kAvx2, accumulate_avx2};
  return &table;
}

}  // namespace ruvector::simd::detail
