// The reference kernels: plain loops every other ISA is tested against.
#include <cstring>

#include "ruvector/simd/kernel_tables.hpp"

namespace ruvector::simd::detail {
namespace {

float l2sq_scalar(const float* a, const float* b, std::size_t dim) {
  float sum = 0.0F;
  for (std::size_t i = 0; i < dim; ++i) {
    const float diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}

float dot_scalar(const float* a, const float* b, std::size_t dim) {
  float sum = 0.0F;
  for (std::size_t i = 0; i < dim; ++i) sum += a[i] * b[i];
  return sum;
}

float cosine_scalar(const float* a, const float* b, std::size_t dim) {
  float dot = 0.0F;
  float norm_a = 0.0F;
  float norm_b = 0.0F;
  for (std::size_t i = 0; i < dim; ++i) {
    dot += a[i] * b[i];
    norm_a += a[i] * a[i];
    norm_b += b[i] * b[i];
  }
  return cosine_from_parts(dot, norm_a, norm_b);
}

std::uint64_t hamming_scalar(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) {
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    std::memcpy(&wa, a + i, 8);
    std::memcpy(&wb, b + i, 8);
    bits += static_cast<std::uint64_t>(__builtin_popcountll(wa ^ wb));
  }
  return bits + hamming_tail(a + i, b + i, bytes - i);
}

void dots_transposed_scalar(const float* x, const float* mt, std::size_t d, std::size_t m, float* out) {
  for (std::size_t j = 0; j < m; ++j) out[j] = 0.0F;
  for (std::size_t i = 0; i < d; ++i) {
    const float xi = x[i];
    const float* row = mt + i * m;
    for (std::size_t j = 0; j < m; ++j) out[j] = out[j] + xi * row[j];
  }
}

void fastscan_scalar(const std::uint8_t* blocks, std::size_t nblocks, const std::uint8_t* lut, std::size_t groups,
                     std::uint16_t* out) {
  for (std::size_t b = 0; b < nblocks; ++b) {
    fastscan_block_scalar(blocks + b * groups * 16, lut, groups, out + b * kFastScanBlock);
  }
}

constexpr Kernels kScalar{Isa::kScalar,           l2sq_scalar,    dot_scalar, cosine_scalar, hamming_scalar,
                          dots_transposed_scalar, fastscan_scalar};

}  // namespace

const Kernels& scalar_table() noexcept {
  return kScalar;
}

}  // namespace ruvector::simd::detail
