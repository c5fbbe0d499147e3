// AVX2 + FMA GEMM / exp / GELU: 6 x 16 register tile (12 accumulators).
#include <immintrin.h>

#include <cstdint>

#include "ruvector/simd/gemm_vector_impl.hpp"

namespace ruvector::simd::detail {

namespace {

struct Avx2 {
  using reg = __m256;
  static constexpr Isa kIsa = Isa::kAvx2;
  static constexpr std::size_t kWidth = 8;
  static __m256i mask(std::size_t count) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(count)), lanes);
  }
  static reg zero() { return _mm256_setzero_ps(); }
  static reg set1(float x) { return _mm256_set1_ps(x); }
  static reg load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, reg v) { _mm256_storeu_ps(p, v); }
  static reg load_partial(const float* p, std::size_t count) { return _mm256_maskload_ps(p, mask(count)); }
  static void store_partial(float* p, std::size_t count, reg v) { _mm256_maskstore_ps(p, mask(count), v); }
  static reg add(reg a, reg b) { return _mm256_add_ps(a, b); }
  static reg sub(reg a, reg b) { return _mm256_sub_ps(a, b); }
  static reg mul(reg a, reg b) { return _mm256_mul_ps(a, b); }
  static reg div(reg a, reg b) { return _mm256_div_ps(a, b); }
  static reg fmadd(reg a, reg b, reg c) { return _mm256_fmadd_ps(a, b, c); }
  static reg min(reg a, reg b) { return _mm256_min_ps(a, b); }
  static reg max(reg a, reg b) { return _mm256_max_ps(a, b); }
  static reg round(reg a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static reg abs(reg a) { return _mm256_and_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF))); }
  static reg copy_sign(reg magnitude, reg sign_of) {
    return _mm256_or_ps(magnitude, _mm256_and_ps(sign_of, _mm256_castsi256_ps(_mm256_set1_epi32(INT32_MIN))));
  }
  static reg pow2(reg n) {
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_castsi256_ps(bits);
  }
};

}  // namespace

const MlKernels* avx2_ml_table() noexcept {
  static const MlKernels table = make_ml_table<Avx2, 6, 2>();
  return &table;
}

}  // namespace ruvector::simd::detail
