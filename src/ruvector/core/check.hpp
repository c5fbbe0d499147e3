// Input validation shared by every entry point, so each binding reports bad input the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ruvector {

// Throws InvalidInput for an empty input and DimensionMismatch unless `values` holds whole rows of `dim` floats
// ("expected dim 128, got 96 values ..."). Returns the number of rows.
std::size_t check_rows(std::span<const float> values, std::size_t dim, std::string_view what);

// Throws DimensionMismatch ("expected dim 128, got 96") for arrays that carry their row width.
// `unit` qualifies the width, e.g. "bytes" for packed bit strings.
void check_dim(std::size_t expected, std::size_t got, std::string_view unit = {});

// Throws InvalidInput naming the first NaN/Inf (row and column) in a row-major matrix.
void check_finite(std::span<const float> values, std::size_t dim, std::string_view what);

// A dimension given by a caller as a signed number: throws InvalidInput unless dim >= 1.
std::size_t checked_dim(std::int64_t dim);

// Throws InvalidInput unless k >= 1.
void check_k(std::int64_t k);

// Throws InvalidInput unless threads is 0 (all cores) or at most kMaxThreads (parallel.hpp).
void check_threads(unsigned threads);

}  // namespace ruvector
