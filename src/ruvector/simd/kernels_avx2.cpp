// AVX2 + FMA kernels. This file alone is compiled with -mavx2 -mfma -mpopcnt: it must include no
// header whose inline functions could leak AVX2 code into the rest of the library (ODR merging).
#include <immintrin.h>

#include <cstring>

#include "ruvector/simd/kernel_tables.hpp"

namespace ruvector::simd::detail {
namespace {

inline float horizontal_sum(__m256 v) {
  const __m128 lo = _mm256_castps256_ps128(v);
  const __m128 hi = _mm256_extractf128_ps(v, 1);
  __m128 s = _mm_add_ps(lo, hi);
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_movehdup_ps(s));
  return _mm_cvtss_f32(s);
}

float l2sq_avx2(const float* a, const float* b, std::size_t dim) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= dim; i += 16) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8));
    acc0 = _mm256_fmadd_ps(d0, d0, acc0);
    acc1 = _mm256_fmadd_ps(d1, d1, acc1);
  }
  for (; i + 8 <= dim; i += 8) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i));
    acc0 = _mm256_fmadd_ps(d0, d0, acc0);
  }
  float sum = horizontal_sum(_mm256_add_ps(acc0, acc1));
  for (; i < dim; ++i) {
    const float diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}

float dot_avx2(const float* a, const float* b, std::size_t dim) {
  __m256 acc0 = _mm256_setzero_ps();
  __m256 acc1 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 16 <= dim; i += 16) {
    acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
  }
  for (; i + 8 <= dim; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
  float sum = horizontal_sum(_mm256_add_ps(acc0, acc1));
  for (; i < dim; ++i) sum += a[i] * b[i];
  return sum;
}

float cosine_avx2(const float* a, const float* b, std::size_t dim) {
  __m256 dot = _mm256_setzero_ps();
  __m256 na = _mm256_setzero_ps();
  __m256 nb = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    const __m256 va = _mm256_loadu_ps(a + i);
    const __m256 vb = _mm256_loadu_ps(b + i);
    dot = _mm256_fmadd_ps(va, vb, dot);
    na = _mm256_fmadd_ps(va, va, na);
    nb = _mm256_fmadd_ps(vb, vb, nb);
  }
  float sdot = horizontal_sum(dot);
  float sna = horizontal_sum(na);
  float snb = horizontal_sum(nb);
  for (; i < dim; ++i) {
    sdot += a[i] * b[i];
    sna += a[i] * a[i];
    snb += b[i] * b[i];
  }
  return cosine_from_parts(sdot, sna, snb);
}

std::uint64_t hamming_popcnt64(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) {
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    std::memcpy(&wa, a + i, 8);
    std::memcpy(&wb, b + i, 8);
    bits += static_cast<std::uint64_t>(_mm_popcnt_u64(wa ^ wb));
  }
  return bits + hamming_tail(a + i, b + i, bytes - i);
}

// `kAcc` independent accumulators of 8 columns hide the add latency; every column still sums over i
// in ascending order with a separate multiply and add, so results equal the scalar kernel's.
template <std::size_t kAcc>
void dots_columns_avx2(const float* x, const float* mt, std::size_t d, std::size_t m, std::size_t j, float* out) {
  constexpr std::size_t kLanes = 8;
  __m256 acc[kAcc];
  for (auto& a : acc) a = _mm256_setzero_ps();
  for (std::size_t i = 0; i < d; ++i) {
    const __m256 xi = _mm256_set1_ps(x[i]);
    const float* row = mt + i * m + j;
    for (std::size_t a = 0; a < kAcc; ++a) {
      acc[a] = _mm256_add_ps(acc[a], _mm256_mul_ps(xi, _mm256_loadu_ps(row + a * kLanes)));
    }
  }
  for (std::size_t a = 0; a < kAcc; ++a) _mm256_storeu_ps(out + j + a * kLanes, acc[a]);
}

void dots_transposed_avx2(const float* x, const float* mt, std::size_t d, std::size_t m, float* out) {
  std::size_t j = 0;
  for (; j + 64 <= m; j += 64) dots_columns_avx2<8>(x, mt, d, m, j, out);
  switch ((m - j) / 8) {  // whole groups of 8 of the remaining columns in one pass
    case 1: dots_columns_avx2<1>(x, mt, d, m, j, out); break;
    case 2: dots_columns_avx2<2>(x, mt, d, m, j, out); break;
    case 3: dots_columns_avx2<3>(x, mt, d, m, j, out); break;
    case 4: dots_columns_avx2<4>(x, mt, d, m, j, out); break;
    case 5: dots_columns_avx2<5>(x, mt, d, m, j, out); break;
    case 6: dots_columns_avx2<6>(x, mt, d, m, j, out); break;
    case 7: dots_columns_avx2<7>(x, mt, d, m, j, out); break;
    default: break;
  }
  j += (m - j) / 8 * 8;
  for (; j < m; ++j) {
    float acc = 0.0F;
    for (std::size_t i = 0; i < d; ++i) acc = acc + x[i] * mt[i * m + j];
    out[j] = acc;
  }
}

// Two groups per instruction: vpshufb looks up each 128-bit lane in its own 16-entry table.
void fastscan_avx2(const std::uint8_t* blocks, std::size_t nblocks, const std::uint8_t* lut, std::size_t groups,
                   std::uint16_t* out) {
  const __m256i low4 = _mm256_set1_epi8(0x0F);
  const __m256i low8 = _mm256_set1_epi16(0x00FF);
  for (std::size_t b = 0; b < nblocks; ++b) {
    const std::uint8_t* block = blocks + b * groups * 16;
    __m256i lo_even = _mm256_setzero_si256();
    __m256i lo_odd = _mm256_setzero_si256();
    __m256i hi_even = _mm256_setzero_si256();
    __m256i hi_odd = _mm256_setzero_si256();
    for (std::size_t g = 0; g < groups; g += 2) {
      const __m256i codes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + g * 16));
      const __m256i table = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(lut + g * 16));
      const __m256i lo = _mm256_shuffle_epi8(table, _mm256_and_si256(codes, low4));
      const __m256i hi = _mm256_shuffle_epi8(table, _mm256_and_si256(_mm256_srli_epi16(codes, 4), low4));
      lo_even = _mm256_add_epi16(lo_even, _mm256_and_si256(lo, low8));
      lo_odd = _mm256_add_epi16(lo_odd, _mm256_srli_epi16(lo, 8));
      hi_even = _mm256_add_epi16(hi_even, _mm256_and_si256(hi, low8));
      hi_odd = _mm256_add_epi16(hi_odd, _mm256_srli_epi16(hi, 8));
    }
    // Fold the two lanes (even and odd groups), then interleave even/odd code positions.
    const auto fold = [](__m256i v) {
      return _mm_add_epi16(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    };
    const __m128i le = fold(lo_even);
    const __m128i lo_ = fold(lo_odd);
    const __m128i he = fold(hi_even);
    const __m128i ho = fold(hi_odd);
    auto* dst = reinterpret_cast<__m128i*>(out + b * kFastScanBlock);
    _mm_storeu_si128(dst, _mm_unpacklo_epi16(le, lo_));
    _mm_storeu_si128(dst + 1, _mm_unpackhi_epi16(le, lo_));
    _mm_storeu_si128(dst + 2, _mm_unpacklo_epi16(he, ho));
    _mm_storeu_si128(dst + 3, _mm_unpackhi_epi16(he, ho));
  }
}

constexpr Kernels kAvx2{Isa::kAvx2,           l2sq_avx2,    dot_avx2, cosine_avx2, hamming_popcnt64,
                        dots_transposed_avx2, fastscan_avx2};

}  // namespace

const Kernels* avx2_table() noexcept {
  return &kAvx2;
}

}  // namespace ruvector::simd::detail
