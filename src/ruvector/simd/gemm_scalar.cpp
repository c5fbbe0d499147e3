// The reference kernels: plain IEEE multiply and add, no FMA (the project compiles with
// -ffp-contract=off), summed in ascending k.
#include "ruvector/simd/gemm_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 4;
constexpr std::size_t kNr = 8;

void tile_scalar(const float* a, std::size_t lda, const float* panel, std::size_t kc, float* c, std::size_t ldc,
                 std::size_t rows, std::size_t cols) {
  float acc[kMr][kNr] = {};
  for (std::size_t p = 0; p < kc; ++p) {
    const float* b = panel + p * kNr;
    for (std::size_t i = 0; i < rows; ++i) {
      const float x = a[i * lda + p];
      for (std::size_t j = 0; j < kNr; ++j) acc[i][j] += x * b[j];
    }
  }
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < cols; ++j) c[i * ldc + j] += acc[i][j];
  }
}

void exp_scalar_inplace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = exp_scalar(x[i]);
}

void gelu_scalar_inplace(float* x, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) x[i] = gelu_scalar(x[i]);
}

}  // namespace

const MlKernels& scalar_ml_table() noexcept {
  static const MlKernels table{Isa::kScalar, kMr, kNr, tile_scalar, exp_scalar_inplace, gelu_scalar_inplace};
  return table;
}

}  // namespace ruvector::simd::detail
