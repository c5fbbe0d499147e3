// All-pairs distances between two row-major matrices, built on the active kernels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "ruvector/core/metric.hpp"
#include "ruvector/simd/kernels.hpp"

namespace ruvector {

// The distance of `metric` from a kernel table (ip turns the dot kernel into 1 - <a, b>).
struct DistanceFn {
  float (*kernel)(const float*, const float*, std::size_t);
  bool one_minus;
  float operator()(const float* a, const float* b, std::size_t dim) const noexcept {
    const float v = kernel(a, b, dim);
    return one_minus ? 1.0F - v : v;
  }
};
DistanceFn distance_fn(const simd::Kernels& kernels, Metric metric) noexcept;

// out[i * rows_b + j] = distance(a_i, b_j). Validates shapes (DimensionMismatch), finiteness
// (InvalidInput) and the output size before computing anything.
void distance_matrix(std::span<const float> a, std::span<const float> b, std::size_t dim, Metric metric,
                     std::span<float> out, unsigned threads = 0);

// out[i * rows_b + j] = number of differing bits between packed rows a_i and b_j of `bytes` bytes.
void hamming_matrix(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, std::size_t bytes,
                    std::span<std::uint32_t> out, unsigned threads = 0);

}  // namespace ruvector
