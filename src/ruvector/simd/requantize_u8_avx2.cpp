// AVX2 requantization: eight channels per vector. The 31 x 31-bit products run on the even and odd
// int32 lanes separately (vpmuludq takes the low half of each 64-bit lane) on the magnitude of the
// sum, so rounding is the scalar one (half away from zero). A rounded magnitude above 512 is capped:
// any value beyond 255 in either direction clamps to lo or hi, as the saturated scalar value does.
#include <immintrin.h>

#include "ruvector/simd/requantize_u8.hpp"

namespace ruvector::simd::detail {

namespace {

__m256i load(const std::int32_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// round(m * 2^-shift) of the 64-bit lanes' low-half products, capped at 512.
__m256i shift_and_cap(__m256i product, __m256i shift) {
  const __m256i one = _mm256_set1_epi64x(1);
  const __m256i cap = _mm256_set1_epi64x(512);
  const __m256i half = _mm256_sllv_epi64(one, _mm256_sub_epi64(shift, one));
  const __m256i rounded = _mm256_srlv_epi64(_mm256_add_epi64(product, half), shift);
  return _mm256_blendv_epi8(rounded, cap, _mm256_cmpgt_epi64(rounded, cap));
}

__m256i requantize8(const std::int32_t* acc, const RequantizeU8& q, std::size_t c) {
  const __m256i a = load(acc + c);
  const __m256i b = load(q.bias + c);
  __m256i sum = _mm256_add_epi32(a, b);
  // Signed overflow of a + b: both operands differ in sign from the sum. Saturate like the scalar.
  const __m256i overflow = _mm256_srai_epi32(_mm256_and_si256(_mm256_xor_si256(a, sum), _mm256_xor_si256(b, sum)), 31);
  const __m256i saturated = _mm256_xor_si256(_mm256_srai_epi32(a, 31), _mm256_set1_epi32(0x7FFFFFFF));
  sum = _mm256_blendv_epi8(sum, saturated, overflow);
  const __m256i magnitude = _mm256_abs_epi32(sum);  // INT32_MIN reads as 2^31 unsigned
  const __m256i m0 = load(q.m0 + c);
  const __m256i shift = load(q.shift + c);
  const __m256i low = _mm256_set1_epi64x(0xFFFFFFFF);
  const __m256i even = shift_and_cap(_mm256_mul_epu32(magnitude, m0), _mm256_and_si256(shift, low));
  const __m256i odd = shift_and_cap(_mm256_mul_epu32(_mm256_srli_epi64(magnitude, 32), _mm256_srli_epi64(m0, 32)),
                                    _mm256_srli_epi64(shift, 32));
  __m256i value = _mm256_sign_epi32(_mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA), sum);
  value = _mm256_add_epi32(value, _mm256_set1_epi32(q.zero));
  return _mm256_min_epi32(_mm256_max_epi32(value, _mm256_set1_epi32(q.lo)), _mm256_set1_epi32(q.hi));
}

void row_avx2(const std::int32_t* acc, std::size_t n, const RequantizeU8& q, std::uint8_t* out) {
  std::size_t c = 0;
  for (; c + 16 <= n; c += 16) {
    // Codes in 0..255: the saturating packs keep them; the permutes undo the per-lane interleave.
    const __m256i words =
        _mm256_permute4x64_epi64(_mm256_packs_epi32(requantize8(acc, q, c), requantize8(acc, q, c + 8)), 0xD8);
    const __m256i bytes = _mm256_permute4x64_epi64(_mm256_packus_epi16(words, words), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + c), _mm256_castsi256_si128(bytes));
  }
  requantize_u8_scalar(acc + c, n - c, q.from(c), out + c);
}

}  // namespace

const RequantizeU8Kernels* avx2_requantize_u8_table() noexcept {
  static const RequantizeU8Kernels table{Isa::kAvx2, row_avx2};
  return &table;
}

}  // namespace ruvector::simd::detail
