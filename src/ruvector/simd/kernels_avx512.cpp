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

constexpr Kernels kAvx512Vpopcnt{Isa::kAvx512, l2sq_avx512, dot_avx512, cosine_avx512, hamming_vpopcntdq};

}  // namespace

const Kernels* avx512_table(bool vpopcntdq) noexcept {
  // Without VPOPCNTDQ, Hamming comes from the AVX2 table (64-bit popcnt), set up once.
  static const Kernels kAvx512Popcnt{Isa::kAvx512, l2sq_avx512, dot_avx512, cosine_avx512, avx2_table()->hamming};
  return vpopcntdq ? &kAvx512Vpopcnt : &kAvx512Popcnt;
}

}  // namespace ruvector::simd::detail
