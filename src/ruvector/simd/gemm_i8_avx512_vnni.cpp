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

void range(const float* x, std::size_t n, float* lo, float* hi) {
  __m512 min = _mm512_setzero_ps();
  __m512 max = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const __m512 v = _mm512_loadu_ps(x + i);
    min = _mm512_min_ps(min, v);
    max = _mm512_max_ps(max, v);
  }
  *lo = _mm512_reduce_min_ps(min);
  *hi = _mm512_reduce_max_ps(max);
  range_scalar(x + i, n - i, lo, hi);
}

__m512i quantize16(__m512 x, __m512 inv, __m512 low, __m512 high, __m512i zero) {
  const __m512 scaled = _mm512_min_ps(_mm512_max_ps(_mm512_mul_ps(x, inv), low), high);
  const __mmask16 negative = _mm512_cmp_ps_mask(scaled, _mm512_setzero_ps(), _CMP_LT_OQ);
  const __m512 half = _mm512_mask_blend_ps(negative, _mm512_set1_ps(0.5F), _mm512_set1_ps(-0.5F));
  return _mm512_add_epi32(_mm512_cvttps_epi32(_mm512_add_ps(scaled, half)), zero);
}

void quantize_row(const float* x, std::size_t k, float inv_scale, std::int32_t zero, std::uint32_t* words) {
  const __m512 inv = _mm512_set1_ps(inv_scale);
  const __m512 low = _mm512_set1_ps(static_cast<float>(-zero));
  const __m512 high = _mm512_set1_ps(static_cast<float>(255 - zero));
  const __m512i zeros = _mm512_set1_epi32(zero);
  std::size_t p = 0;
  for (; p + 16 <= k; p += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(words + p / kGroup),
                     _mm512_cvtepi32_epi8(quantize16(_mm512_loadu_ps(x + p), inv, low, high, zeros)));
  }
  quantize_row_scalar(x, k, inv_scale, zero, words, kGroup, p);
}

void dequantize(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero, const float* scales,
                const std::int32_t* weight_sums, const float* bias, float* out) {
  const __m512 sa = _mm512_set1_ps(a_scale);
  const __m512i za = _mm512_set1_epi32(a_zero);
  std::size_t j = 0;
  for (; j + 16 <= cols; j += 16) {
    const __m512i offsets = _mm512_mullo_epi32(za, _mm512_loadu_si512(weight_sums + j));
    const __m512i exact = _mm512_sub_epi32(_mm512_loadu_si512(sums + j), offsets);
    __m512 value = _mm512_mul_ps(_mm512_mul_ps(sa, _mm512_loadu_ps(scales + j)), _mm512_cvtepi32_ps(exact));
    if (bias != nullptr) value = _mm512_add_ps(value, _mm512_loadu_ps(bias + j));
    _mm512_storeu_ps(out + j, value);
  }
  dequantize_scalar(sums, cols, a_scale, a_zero, scales, weight_sums, bias, out, j);
}

}  // namespace

const I8Kernels* avx512_vnni_i8_table() noexcept {
  static const I8Kernels table{Isa::kAvx512, kMr, kNr, kGroup, tile_vnni, range, quantize_row, dequantize};
  return &table;
}

}  // namespace ruvector::simd::detail
