#include "ruvector/simd/distance_matrix.hpp"

#include <string>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/parallel.hpp"

namespace ruvector {
namespace {

void check_output(std::size_t have, std::size_t rows_a, std::size_t rows_b) {
  if (have != rows_a * rows_b) {
    throw_error(ErrorCode::kDimensionMismatch, "output holds " + std::to_string(have) + " values, expected " +
                                                   std::to_string(rows_a) + " x " + std::to_string(rows_b));
  }
}

std::size_t grain_for(std::size_t rows_b, std::size_t dim) {
  return std::max<std::size_t>(1, (1U << 16U) / std::max<std::size_t>(1, rows_b * dim));
}

}  // namespace

DistanceFn distance_fn(const simd::Kernels& kernels, Metric metric) noexcept {
  switch (metric) {
    case Metric::kL2: return {kernels.l2sq, false};
    case Metric::kInnerProduct: return {kernels.dot, true};
    case Metric::kCosine: return {kernels.cosine, false};
  }
  return {kernels.l2sq, false};
}

void distance_matrix(std::span<const float> a, std::span<const float> b, std::size_t dim, Metric metric,
                     std::span<float> out, unsigned threads) {
  const std::size_t rows_a = check_rows(a, dim, "queries");
  const std::size_t rows_b = check_rows(b, dim, "vectors");
  check_output(out.size(), rows_a, rows_b);
  check_finite(a, dim, "queries");
  check_finite(b, dim, "vectors");
  const DistanceFn fn = distance_fn(simd::active_kernels(), metric);
  parallel_for(rows_a, threads, grain_for(rows_b, dim), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = 0; j < rows_b; ++j) {
        out[i * rows_b + j] = fn(a.data() + i * dim, b.data() + j * dim, dim);
      }
    }
  });
}

void hamming_matrix(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, std::size_t bytes,
                    std::span<std::uint32_t> out, unsigned threads) {
  if (bytes == 0) throw_error(ErrorCode::kInvalidInput, "bit strings must be at least 1 byte long, got 0");
  const auto rows = [bytes](std::size_t size, const char* what) {
    if (size % bytes != 0) {
      throw_error(ErrorCode::kDimensionMismatch, "expected rows of " + std::to_string(bytes) + " bytes, got " +
                                                     std::string(what) + " of " + std::to_string(size) + " bytes");
    }
    return size / bytes;
  };
  const std::size_t rows_a = rows(a.size(), "queries");
  const std::size_t rows_b = rows(b.size(), "vectors");
  check_output(out.size(), rows_a, rows_b);
  const auto hamming = simd::active_kernels().hamming;
  parallel_for(rows_a, threads, grain_for(rows_b, bytes / 4 + 1), [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      for (std::size_t j = 0; j < rows_b; ++j) {
        out[i * rows_b + j] = static_cast<std::uint32_t>(hamming(a.data() + i * bytes, b.data() + j * bytes, bytes));
      }
    }
  });
}

}  // namespace ruvector
