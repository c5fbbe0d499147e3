#include "ruvector/core/check.hpp"

#include <cmath>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/core/parallel.hpp"

namespace ruvector {

std::size_t check_rows(std::span<const float> values, std::size_t dim, std::string_view what) {
  if (dim == 0) throw_error(ErrorCode::kInvalidInput, "dim must be >= 1, got 0");
  if (values.empty()) throw_error(ErrorCode::kInvalidInput, std::string(what) + " is empty (0 rows)");
  if (values.size() % dim != 0) {
    throw_error(ErrorCode::kDimensionMismatch, "expected dim " + std::to_string(dim) + ", got " + std::string(what) +
                                                   " of " + std::to_string(values.size()) +
                                                   " values, which is not a multiple of " + std::to_string(dim));
  }
  return values.size() / dim;
}

void check_dim(std::size_t expected, std::size_t got, std::string_view unit) {
  if (expected != got) {
    const std::string suffix = unit.empty() ? "" : " " + std::string(unit);
    throw_error(ErrorCode::kDimensionMismatch,
                "expected dim " + std::to_string(expected) + suffix + ", got " + std::to_string(got) + suffix);
  }
}

void check_finite(std::span<const float> values, std::size_t dim, std::string_view what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      const char* kind = std::isnan(values[i]) ? "NaN" : "Inf";
      throw_error(ErrorCode::kInvalidInput, std::string(what) + " contains " + kind + " at row " +
                                                std::to_string(i / dim) + ", column " + std::to_string(i % dim));
    }
  }
}

std::size_t checked_dim(std::int64_t dim) {
  if (dim < 1) throw_error(ErrorCode::kInvalidInput, "dim must be >= 1, got " + std::to_string(dim));
  return static_cast<std::size_t>(dim);
}

void check_k(std::int64_t k) {
  if (k < 1) throw_error(ErrorCode::kInvalidInput, "k must be >= 1, got " + std::to_string(k));
}

void check_threads(unsigned threads) {
  (void)resolve_threads(threads, 1);  // the range check lives there, beside kMaxThreads
}

}  // namespace ruvector
