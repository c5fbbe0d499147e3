// The reference INT8 tile: exact int32 sums of u8 x s8 products, four k per word.
#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 4;
constexpr std::size_t kNr = 8;
constexpr std::size_t kGroup = 4;

void tile_scalar(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
                 std::size_t rows) {
  std::int32_t acc[kMr][kNr] = {};
  for (std::size_t w = 0; w < words; ++w) {
    const std::int8_t* b = panel + w * kNr * kGroup;
    for (std::size_t i = 0; i < rows; ++i) {
      const std::uint32_t word = a[i * lda + w];
      for (std::size_t j = 0; j < kNr; ++j) {
        std::int32_t sum = 0;
        for (std::size_t t = 0; t < kGroup; ++t) {
          sum += static_cast<std::int32_t>((word >> (8 * t)) & 0xFFU) * b[j * kGroup + t];
        }
        acc[i][j] += sum;
      }
    }
  }
  for (std::size_t i = 0; i < rows; ++i) {
    for (std::size_t j = 0; j < kNr; ++j) c[i * kNr + j] = acc[i][j];
  }
}

void range(const float* x, std::size_t n, float* lo, float* hi) {
  *lo = 0;
  *hi = 0;
  range_scalar(x, n, lo, hi);
}

void quantize_row4(const float* x, std::size_t k, float inv_scale, std::int32_t zero, std::uint32_t* words) {
  quantize_row_scalar(x, k, inv_scale, zero, words, kGroup);
}

void dequantize(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero, const float* scales,
                const std::int32_t* weight_sums, const float* bias, float* out) {
  dequantize_scalar(sums, cols, a_scale, a_zero, scales, weight_sums, bias, out);
}

}  // namespace

const I8Kernels& scalar_i8_table() noexcept {
  static const I8Kernels table{Isa::kScalar, kMr, kNr, kGroup, tile_scalar, range, quantize_row4, dequantize};
  return table;
}

}  // namespace ruvector::simd::detail
