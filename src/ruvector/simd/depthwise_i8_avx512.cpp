// AVX-512 depthwise INT8: 32 channels per step, (x - zero) * w exact in int16, widened to int32; the
// channel tail under a mask.
#include <immintrin.h>

#include "ruvector/simd/depthwise_i8.hpp"

namespace ruvector::simd::detail {

namespace {

// Up to 32 bytes under a mask (a 512-bit masked load: no AVX-512VL needed; masked-off bytes are
// not read).
__m256i load32(__mmask32 lanes, const void* p) {
  return _mm512_castsi512_si256(_mm512_maskz_loadu_epi8(__mmask64{lanes}, p));
}

void window_avx512(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps, std::int32_t zero,
                   std::int32_t* acc, std::size_t n) {
  const __m512i z = _mm512_set1_epi16(static_cast<std::int16_t>(zero));
  for (std::size_t c = 0; c < n; c += 32) {
    const std::size_t count = n - c < 32 ? n - c : 32;
    const __mmask32 lanes = count == 32 ? ~__mmask32{0} : static_cast<__mmask32>((1U << count) - 1U);
    __m512i lo = _mm512_setzero_si512();
    __m512i hi = _mm512_setzero_si512();
    for (std::size_t t = 0; t < taps; ++t) {
      const __m512i xs = _mm512_sub_epi16(_mm512_cvtepu8_epi16(load32(lanes, x[t] + c)), z);
      const __m512i ws = _mm512_cvtepi8_epi16(load32(lanes, w[t] + c));
      const __m512i p = _mm512_mullo_epi16(xs, ws);
      lo = _mm512_add_epi32(lo, _mm512_cvtepi16_epi32(_mm512_castsi512_si256(p)));
      hi = _mm512_add_epi32(hi, _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(p, 1)));
    }
    _mm512_mask_storeu_epi32(acc + c, static_cast<__mmask16>(lanes), lo);
    _mm512_mask_storeu_epi32(acc + c + 16, static_cast<__mmask16>(lanes >> 16U), hi);
  }
}

}  // namespace

const DepthwiseI8Kernels* avx512_depthwise_i8_table() noexcept {
  static const DepthwiseI8Kernels table{Isa::kAvx512, window_avx512};
  return &table;
}

}  // namespace ruvector::simd::detail
