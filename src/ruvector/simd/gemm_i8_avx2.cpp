// AVX2 INT8 tile (also AVX-512 CPUs without VNNI): weights widened to int16, two k per word,
// vpmaddwd sums two products per lane into int32 (exact: no vpmaddubsw saturation); 6 x 16 tile.
#include <immintrin.h>

#include <algorithm>

#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 6;
constexpr std::size_t kNr = 16;
constexpr std::size_t kGroup = 2;

template <std::size_t Rows>
void tile_rows(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c) {
  __m256i acc[Rows][2];
#pragma GCC unroll 8
  for (std::size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = _mm256_setzero_si256();
  for (std::size_t w = 0; w < words; ++w) {
    const std::int8_t* b = panel + w * kNr * kGroup;
    const __m256i b0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b)));
    const __m256i b1 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + 16)));
#pragma GCC unroll 8
    for (std::size_t i = 0; i < Rows; ++i) {
      const __m256i x = _mm256_set1_epi32(static_cast<int>(a[i * lda + w]));
      acc[i][0] = _mm256_add_epi32(acc[i][0], _mm256_madd_epi16(x, b0));
      acc[i][1] = _mm256_add_epi32(acc[i][1], _mm256_madd_epi16(x, b1));
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + i * kNr), acc[i][0]);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + i * kNr + 8), acc[i][1]);
  }
}

void tile_avx2(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
               std::size_t rows) {
  with_rows<kMr>(rows, [&](auto r) { tile_rows<decltype(r)::value>(a, lda, panel, words, c); });
}

void range(const float* x, std::size_t n, float* lo, float* hi) {
  __m256 min = _mm256_setzero_ps();
  __m256 max = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    min = _mm256_min_ps(min, v);
    max = _mm256_max_ps(max, v);
  }
  float lanes[16];
  _mm256_storeu_ps(lanes, min);
  _mm256_storeu_ps(lanes + 8, max);
  *lo = 0;
  *hi = 0;
  range_scalar(lanes, 16, lo, hi);
  range_scalar(x + i, n - i, lo, hi);
}

void quantize_row(const float* x, std::size_t k, float inv_scale, std::int32_t zero, std::uint32_t* words) {
  const __m256 inv = _mm256_set1_ps(inv_scale);
  const __m256 low = _mm256_set1_ps(static_cast<float>(-zero));
  const __m256 high = _mm256_set1_ps(static_cast<float>(255 - zero));
  std::size_t p = 0;
  for (; p + 8 <= k; p += 8) {
    const __m256 scaled = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(x + p), inv), low), high);
    const __m256 negative = _mm256_cmp_ps(scaled, _mm256_setzero_ps(), _CMP_LT_OQ);
    const __m256 half = _mm256_blendv_ps(_mm256_set1_ps(0.5F), _mm256_set1_ps(-0.5F), negative);
    const __m256i q = _mm256_add_epi32(_mm256_cvttps_epi32(_mm256_add_ps(scaled, half)), _mm256_set1_epi32(zero));
    // 8 x u32 (each 0..255) -> 8 x u16 in order: pack within lanes, then gather the two low quads.
    const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(q, q), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(words + p / kGroup), _mm256_castsi256_si128(packed));
  }
  quantize_row_scalar(x, k, inv_scale, zero, words, kGroup, p);
}

void dequantize(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero, const float* scales,
                const std::int32_t* weight_sums, const float* bias, float* out) {
  const __m256 sa = _mm256_set1_ps(a_scale);
  const __m256i za = _mm256_set1_epi32(a_zero);
  std::size_t j = 0;
  for (; j + 8 <= cols; j += 8) {
    const __m256i offsets =
        _mm256_mullo_epi32(za, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(weight_sums + j)));
    const __m256i exact = _mm256_sub_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(sums + j)), offsets);
    __m256 value = _mm256_mul_ps(_mm256_mul_ps(sa, _mm256_loadu_ps(scales + j)), _mm256_cvtepi32_ps(exact));
    if (bias != nullptr) value = _mm256_add_ps(value, _mm256_loadu_ps(bias + j));
    _mm256_storeu_ps(out + j, value);
  }
  dequantize_scalar(sums, cols, a_scale, a_zero, scales, weight_sums, bias, out, j);
}

}  // namespace

const I8Kernels* avx2_i8_table() noexcept {
  static const I8Kernels table{Isa::kAvx2, kMr, kNr, kGroup, tile_avx2, range, quantize_row, dequantize};
  return &table;
}

}  // namespace ruvector::simd::detail
