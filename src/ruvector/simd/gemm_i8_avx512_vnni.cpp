// AVX-512 VNNI INT8 tile: vpdpbusd sums four u8 x s8 products per lane into int32 (exact); a 12 x 32
// register tile (24 accumulators).
#include <immintrin.h>

#include <algorithm>

#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 12;
constexpr std::size_t kNr = 32;
constexpr std::size_t kGroup = 4;

template <std::size_t Rows>
void tile_rows(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c) {
  __m512i acc[Rows][2];
#pragma GCC unroll 16
  for (std::size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = _mm512_setzero_si512();
  for (std::size_t w = 0; w < words; ++w) {
    const __m512i b0 = _mm512_loadu_si512(panel + w * kNr * kGroup);
    const __m512i b1 = _mm512_loadu_si512(panel + w * kNr * kGroup + 64);
#pragma GCC unroll 16
    for (std::size_t i = 0; i < Rows; ++i) {
      const __m512i x = _mm512_set1_epi32(static_cast<int>(a[i * lda + w]));
      acc[i][0] = _mm512_dpbusd_epi32(acc[i][0], x, b0);
      acc[i][1] = _mm512_dpbusd_epi32(acc[i][1], x, b1);
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    _mm512_storeu_si512(c + i * kNr, acc[i][0]);
    _mm512_storeu_si512(c + i * kNr + 16, acc[i][1]);
  }
}

void tile_vnni(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
               std::size_t rows) {
  with_rows<kMr>(rows, [&](auto r) { tile_rows<decltype(r)::value>(a, lda, panel, words, c); });
}

float max_abs(const float* x, std::size_t n) {
  __m512 max = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) max = _mm512_max_ps(max, _mm512_abs_ps(_mm512_loadu_ps(x + i)));
  return std::max(_mm512_reduce_max_ps(max), max_abs_scalar(x + i, n - i));
}

__m512i quantize16(__m512 x, __m512 inv) {
  const __m512 scaled =
      _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(x, inv), _mm512_set1_ps(-127.0F)), _mm512_set1_ps(127.0F));
  const __mmask16 negative = _mm512_cmp_ps_mask(scaled, _mm512_setzero_ps(), _CMP_LT_OQ);
  const __m512 half = _mm512_mask_blend_ps(negative, _mm512_set1_ps(0.5F), _mm512_set1_ps(-0.5F));
  return _mm512_add_epi32(_mm512_cvttps_epi32(_mm512_add_ps(scaled, half)), _mm512_set1_epi32(128));
}

void quantize_row(const float* x, std::size_t k, float inv_scale, std::uint32_t* words) {
  const __m512 inv = _mm512_set1_ps(inv_scale);
  std::size_t p = 0;
  for (; p + 16 <= k; p += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(words + p / kGroup),
                     _mm512_cvtepi32_epi8(quantize16(_mm512_loadu_ps(x + p), inv)));
  }
  quantize_row_scalar(x, k, inv_scale, words, kGroup, p);
}

void dequantize(const std::int32_t* sums, std::size_t cols, float a_scale, const float* scales,
                const std::int32_t* offsets, const float* bias, float* out) {
  const __m512 sa = _mm512_set1_ps(a_scale);
  std::size_t j = 0;
  for (; j + 16 <= cols; j += 16) {
    const __m512i exact = _mm512_sub_epi32(_mm512_loadu_si512(sums + j), _mm512_loadu_si512(offsets + j));
    __m512 value = _mm512_mul_ps(_mm512_mul_ps(sa, _mm512_loadu_ps(scales + j)), _mm512_cvtepi32_ps(exact));
    if (bias != nullptr) value = _mm512_add_ps(value, _mm512_loadu_ps(bias + j));
    _mm512_storeu_ps(out + j, value);
  }
  dequantize_scalar(sums, cols, a_scale, scales, offsets, bias, out, j);
}

}  // namespace

const I8Kernels* avx512_vnni_i8_table() noexcept {
  static const I8Kernels table{Isa::kAvx512, kMr, kNr, kGroup, tile_vnni, max_abs, quantize_row, dequantize};
  return &table;
}

}  // namespace ruvector::simd::detail
