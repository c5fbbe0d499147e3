// AVX-512F GEMM / exp / GELU: 12 x 32 register tile (24 accumulators), FMA.
#include <immintrin.h>

#include "ruvector/simd/gemm_vector_impl.hpp"

namespace ruvector::simd::detail {

namespace {

struct Avx512 {
  using reg = __m512;
  static constexpr Isa kIsa = Isa::kAvx512;
  static constexpr std::size_t kWidth = 16;
  static __mmask16 mask(std::size_t count) { return static_cast<__mmask16>((1U << count) - 1U); }
  static reg zero() { return _mm512_setzero_ps(); }
  static reg set1(float x) { return _mm512_set1_ps(x); }
  static reg load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, reg v) { _mm512_storeu_ps(p, v); }
  static reg load_partial(const float* p, std::size_t count) { return _mm512_maskz_loadu_ps(mask(count), p); }
  static void store_partial(float* p, std::size_t count, reg v) { _mm512_mask_storeu_ps(p, mask(count), v); }
  static reg add(reg a, reg b) { return _mm512_add_ps(a, b); }
  static reg sub(reg a, reg b) { return _mm512_sub_ps(a, b); }
  static reg mul(reg a, reg b) { return _mm512_mul_ps(a, b); }
  static reg div(reg a, reg b) { return _mm512_div_ps(a, b); }
  static reg fmadd(reg a, reg b, reg c) { return _mm512_fmadd_ps(a, b, c); }
  static reg min(reg a, reg b) { return _mm512_min_ps(a, b); }
  static reg max(reg a, reg b) { return _mm512_max_ps(a, b); }
  static reg round(reg a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static reg abs(reg a) {
    return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a), _mm512_set1_epi32(0x7FFFFFFF)));
  }
  static reg copy_sign(reg magnitude, reg sign_of) {
    const __m512i sign = _mm512_and_si512(_mm512_castps_si512(sign_of), _mm512_set1_epi32(INT32_MIN));
    return _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(magnitude), sign));
  }
  static reg pow2(reg n) {
    const __m512i bits = _mm512_slli_epi32(_mm512_add_epi32(_mm512_cvtps_epi32(n), _mm512_set1_epi32(127)), 23);
    return _mm512_castsi512_ps(bits);
  }
};

}  // namespace

const MlKernels* avx512_ml_table() noexcept {
  static const MlKernels table = make_ml_table<Avx512, 12, 2>();
  return &table;
}

}  // namespace ruvector::simd::detail
