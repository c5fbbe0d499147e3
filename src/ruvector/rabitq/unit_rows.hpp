// Rows scaled to unit length, as the cosine metric indexes and searches them.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace ruvector::rabitq {

// Every row of `rows` (dim values each) scaled to unit length; a zero row stays zero (distance 1).
inline void normalize_rows(std::vector<float>& rows, std::size_t dim) {
  for (std::size_t r = 0; r * dim < rows.size(); ++r) {
    double norm = 0.0;
    for (std::size_t i = 0; i < dim; ++i) norm += static_cast<double>(rows[r * dim + i]) * rows[r * dim + i];
    if (norm <= 0.0) continue;
    const double inv = 1.0 / std::sqrt(norm);
    for (std::size_t i = 0; i < dim; ++i) rows[r * dim + i] = static_cast<float>(rows[r * dim + i] * inv);
  }
}

}  // namespace ruvector::rabitq
