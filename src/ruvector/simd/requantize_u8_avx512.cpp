// AVX-512 requantization: sixteen channels per vector, the tail under a mask. The same arithmetic
// as the AVX2 kernel (products on even and odd lanes, on the magnitude, rounded magnitudes capped
// at 512 where every larger value clamps alike).
#include <immintrin.h>

#include "ruvector/simd/requantize_u8.hpp"

namespace ruvector::simd::detail {

namespace {

__m512i shift_and_cap(__m512i product, __m512i shift) {
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i half = _mm512_sllv_epi64(one, _mm512_sub_epi64(shift, one));
  return _mm512_min_epu64(_mm512_srlv_epi64(_mm512_add_epi64(product, half), shift), _mm512_set1_epi64(512));
}

void row_avx512(const std::int32_t* acc, std::size_t n, const RequantizeU8& q, std::uint8_t* out) {
  const __m512i low = _mm512_set1_epi64(0xFFFFFFFF);
  const __m512i zero = _mm512_set1_epi32(q.zero);
  const __m512i lo = _mm512_set1_epi32(q.lo);
  const __m512i hi = _mm512_set1_epi32(q.hi);
  for (std::size_t c = 0; c < n; c += 16) {
    const __mmask16 lanes = n - c >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1U << (n - c)) - 1U);
    const __m512i a = _mm512_maskz_loadu_epi32(lanes, acc + c);
    const __m512i b = _mm512_maskz_loadu_epi32(lanes, q.bias + c);
    __m512i sum = _mm512_add_epi32(a, b);
    // Signed overflow of a + b saturates, as in the scalar kernel.
    const __mmask16 overflow = _mm512_cmplt_epi32_mask(
        _mm512_and_si512(_mm512_xor_si512(a, sum), _mm512_xor_si512(b, sum)), _mm512_setzero_si512());
    sum =
        _mm512_mask_mov_epi32(sum, overflow, _mm512_xor_si512(_mm512_srai_epi32(a, 31), _mm512_set1_epi32(0x7FFFFFFF)));
    const __m512i magnitude = _mm512_abs_epi32(sum);  // INT32_MIN reads as 2^31 unsigned
    const __m512i m0 = _mm512_maskz_loadu_epi32(lanes, q.m0 + c);
    const __m512i shift = _mm512_maskz_loadu_epi32(lanes, q.shift + c);
    const __m512i even = shift_and_cap(_mm512_mul_epu32(magnitude, m0), _mm512_and_si512(shift, low));
    const __m512i odd = shift_and_cap(_mm512_mul_epu32(_mm512_srli_epi64(magnitude, 32), _mm512_srli_epi64(m0, 32)),
                                      _mm512_srli_epi64(shift, 32));
    __m512i value = _mm512_mask_blend_epi32(__mmask16{0xAAAA}, even, _mm512_slli_epi64(odd, 32));
    const __mmask16 negative = _mm512_cmplt_epi32_mask(sum, _mm512_setzero_si512());
    value = _mm512_mask_sub_epi32(value, negative, _mm512_setzero_si512(), value);
    value = _mm512_min_epi32(_mm512_max_epi32(_mm512_add_epi32(value, zero), lo), hi);
    _mm512_mask_cvtepi32_storeu_epi8(out + c, lanes, value);
  }
}

}  // namespace

const RequantizeU8Kernels* avx512_requantize_u8_table() noexcept {
  static const RequantizeU8Kernels table{Isa::kAvx512, row_avx512};
  return &table;
}

}  // namespace ruvector::simd::detail
