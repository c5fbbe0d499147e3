// AVX-512 kernels (F + BW; VPOPCNTDQ for Hamming where the CPU has it). Compiled alone with
// -mavx512f -mavx512bw -mavx512vpopcntdq -mfma -mpopcnt; chosen only after a CPUID check.
#include <immintrin.h>

#include <cstring>

#include "ruvector/simd/kernel_tables.hpp"

namespace ruvector::simd::detail {
namespace {

inline __mmask16 tail_mask(std::size_t remaining) {
  return static_cast<__mmask16>((1U << remaining) - 1U);
}

float l2sq_avx512(const float* a, const float* b, std::size_t dim) {
  __m512 acc0 = _mm512_setzero_ps();
  __m512 acc1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= dim; i += 32) {
    const __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i));
    const __m512 d1 = _mm512_sub_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16));
    acc0 = _mm512_fmadd_ps(d0, d0, acc0);
    acc1 = _mm512_fmadd_ps(d1, d1, acc1);
  }
  for (; i < dim; i += 16) {
    const __mmask16 m = dim - i >= 16 ? static_cast<__mmask16>(0xFFFF) : tail_mask(dim - i);
    const __m512 d0 = _mm512_sub_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i));
    acc0 = _mm512_fmadd_ps(d0, d0, acc0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

float dot_avx512(const float* a, const float* b, std::size_t dim) {
  __m512 acc0 = _mm512_setzero_ps();
  __m512 acc1 = _mm512_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= dim; i += 32) {
    acc0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), acc0);
    acc1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), acc1);
  }
  for (; i < dim; i += 16) {
    const __mmask16 m = dim - i >= 16 ? static_cast<__mmask16>(0xFFFF) : tail_mask(dim - i);
    acc0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m, a + i), _mm512_maskz_loadu_ps(m, b + i), acc0);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(acc0, acc1));
}

float cosine_avx512(const float* a, const float* b, std::size_t dim) {
  __m512 dot = _mm512_setzero_ps();
  __m512 na = _mm512_setzero_ps();
  __m512 nb = _mm512_setzero_ps();
  for (std::size_t i = 0; i < dim; i += 16) {
    const __mmask16 m = dim - i >= 16 ? static_cast<__mmask16>(0xFFFF) : tail_mask(dim - i);
    const __m512 va = _mm512_maskz_loadu_ps(m, a + i);
    const __m512 vb = _mm512_maskz_loadu_ps(m, b + i);
    dot = _mm512_fmadd_ps(va, vb, dot);
    na = _mm512_fmadd_ps(va, va, na);
    nb = _mm512_fmadd_ps(vb, vb, nb);
  }
  return cosine_from_parts(_mm512_reduce_add_ps(dot), _mm512_reduce_add_ps(na), _mm512_reduce_add_ps(nb));
}

std::uint64_t hamming_vpopcntdq(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) {
  __m512i acc = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + 64 <= bytes; i += 64) {
    const __m512i x = _mm512_xor_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
    acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(x));
  }
  auto bits = static_cast<std::uint64_t>(_mm512_reduce_add_epi64(acc));
  for (; i + 8 <= bytes; i += 8) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    std::memcpy(&wa, a + i, 8);
    std::memcpy(&wb, b + i, 8);
    bits += static_cast<std::uint64_t>(_mm_popcnt_u64(wa ^ wb));
  }
  return bits + hamming_tail(a + i, b + i, bytes - i);
}

// `kAcc` independent accumulators of 16 columns (the last one masked) hide the add latency; every
// column still sums over i in ascending order with a separate multiply and add, so results equal
// the scalar kernel's.
template <std::size_t kAcc>
void dots_columns_avx512(const float* x, const float* mt, std::size_t d, std::size_t m, std::size_t j, float* out) {
  constexpr std::size_t kLanes = 16;
  const std::size_t last = m - j - (kAcc - 1) * kLanes;  // 1..16 columns in the last accumulator
  const __mmask16 mask = last >= kLanes ? static_cast<__mmask16>(0xFFFF) : tail_mask(last);
  __m512 acc[kAcc];
  for (auto& a : acc) a = _mm512_setzero_ps();
  for (std::size_t i = 0; i < d; ++i) {
    const __m512 xi = _mm512_set1_ps(x[i]);
    const float* row = mt + i * m + j;
    for (std::size_t a = 0; a + 1 < kAcc; ++a) {
      acc[a] = _mm512_add_ps(acc[a], _mm512_mul_ps(xi, _mm512_loadu_ps(row + a * kLanes)));
    }
    acc[kAcc - 1] =
        _mm512_add_ps(acc[kAcc - 1], _mm512_mul_ps(xi, _mm512_maskz_loadu_ps(mask, row + (kAcc - 1) * kLanes)));
  }
  for (std::size_t a = 0; a + 1 < kAcc; ++a) _mm512_storeu_ps(out + j + a * kLanes, acc[a]);
  _mm512_mask_storeu_ps(out + j + (kAcc - 1) * kLanes, mask, acc[kAcc - 1]);
}

void dots_transposed_avx512(const float* x, const float* mt, std::size_t d, std::size_t m, float* out) {
  std::size_t j = 0;
  for (; j + 128 <= m; j += 128) dots_columns_avx512<8>(x, mt, d, m, j, out);
  switch ((m - j + 15) / 16) {  // the remaining 0..127 columns in one pass
    case 1: dots_columns_avx512<1>(x, mt, d, m, j, out); break;
    case 2: dots_columns_avx512<2>(x, mt, d, m, j, out); break;
    case 3: dots_columns_avx512<3>(x, mt, d, m, j, out); break;
    case 4: dots_columns_avx512<4>(x, mt, d, m, j, out); break;
    case 5: dots_columns_avx512<5>(x, mt, d, m, j, out); break;
    case 6: dots_columns_avx512<6>(x, mt, d, m, j, out); break;
    case 7: dots_columns_avx512<7>(x, mt, d, m, j, out); break;
    case 8: dots_columns_avx512<8>(x, mt, d, m, j, out); break;
    default: break;
  }
}

// Four groups per instruction (vpshufb works per 128-bit lane, each lane its own table).
void fastscan_avx512(const std::uint8_t* blocks, std::size_t nblocks, const std::uint8_t* lut, std::size_t groups,
                     std::uint16_t* out) {
  const __m512i low4 = _mm512_set1_epi8(0x0F);
  const __m512i low8 = _mm512_set1_epi16(0x00FF);
  for (std::size_t b = 0; b < nblocks; ++b) {
    const std::uint8_t* block = blocks + b * groups * 16;
    __m512i lo_even = _mm512_setzero_si512();
    __m512i lo_odd = _mm512_setzero_si512();
    __m512i hi_even = _mm512_setzero_si512();
    __m512i hi_odd = _mm512_setzero_si512();
    for (std::size_t g = 0; g < groups; g += 4) {
      const __m512i codes = _mm512_loadu_si512(block + g * 16);
      const __m512i table = _mm512_loadu_si512(lut + g * 16);
      const __m512i lo = _mm512_shuffle_epi8(table, _mm512_and_si512(codes, low4));
      const __m512i hi = _mm512_shuffle_epi8(table, _mm512_and_si512(_mm512_srli_epi16(codes, 4), low4));
      lo_even = _mm512_add_epi16(lo_even, _mm512_and_si512(lo, low8));
      lo_odd = _mm512_add_epi16(lo_odd, _mm512_srli_epi16(lo, 8));
      hi_even = _mm512_add_epi16(hi_even, _mm512_and_si512(hi, low8));
      hi_odd = _mm512_add_epi16(hi_odd, _mm512_srli_epi16(hi, 8));
    }
    const auto fold = [](__m512i v) {
      const __m256i half = _mm256_add_epi16(_mm512_castsi512_si256(v), _mm512_extracti64x4_epi64(v, 1));
      return _mm_add_epi16(_mm256_castsi256_si128(half), _mm256_extracti128_si256(half, 1));
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

constexpr Kernels kAvx512Vpopcnt{Isa::kAvx512,           l2sq_avx512,    dot_avx512, cosine_avx512, hamming_vpopcntdq,
                                 dots_transposed_avx512, fastscan_avx512};

}  // namespace

const Kernels* avx512_table(bool vpopcntdq) noexcept {
  // Without VPOPCNTDQ, Hamming comes from the AVX2 table (64-bit popcnt), set up once.
  static const Kernels kAvx512Popcnt{Isa::kAvx512,   l2sq_avx512,           dot_avx512,
                                     cosine_avx512,  avx2_table()->hamming, dots_transposed_avx512,
                                     fastscan_avx512};
  return vpopcntdq ? &kAvx512Vpopcnt : &kAvx512Popcnt;
}

}  // namespace ruvector::simd::detail
