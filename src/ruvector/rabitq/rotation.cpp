#include "ruvector/rabitq/rotation.hpp"

#include <cmath>
#include <string>

#include "ruvector/core/cache_warm.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/rabitq/random.hpp"

namespace ruvector::rabitq {
namespace {

constexpr int kHadamardRounds = 3;

std::size_t round_up(std::size_t v, std::size_t multiple) {
  return (v + multiple - 1) / multiple * multiple;
}

std::size_t next_pow2(std::size_t v) {
  std::size_t p = 64;
  while (p < v) p *= 2;
  return p;
}

// In-place unnormalised fast Walsh-Hadamard transform; fixed butterfly order.
void fwht(float* v, std::size_t n) {
  for (std::size_t h = 1; h < n; h *= 2) {
    for (std::size_t i = 0; i < n; i += 2 * h) {
      for (std::size_t j = i; j < i + h; ++j) {
        const float a = v[j];
        const float b = v[j + h];
        v[j] = a + b;
        v[j + h] = a - b;
      }
    }
  }
}

}  // namespace

std::string rotation_problem(std::size_t dim, RotationKind kind) {
  if (dim == 0 || dim > kMaxDim) {
    return "dim must be in [1, " + std::to_string(kMaxDim) + "], got " + std::to_string(dim);
  }
  if (kind == RotationKind::kHaar) {
    const std::size_t padded = Rotation::padded_dim_for(dim, kind);
    if (padded > kMaxHaarPaddedDim) {
      return "the 'haar' rotation supports padded dims up to " + std::to_string(kMaxHaarPaddedDim) + ", got dim " +
             std::to_string(dim) + " (padded " + std::to_string(padded) + "): use 'hadamard' or 'auto'";
    }
    return {};
  }
  if (kind == RotationKind::kHadamard) return {};
  return "unknown rotation kind " + std::to_string(static_cast<int>(kind));
}

RotationKind Rotation::automatic(std::size_t dim) noexcept {
  return round_up(dim, 64) <= kAutoHaarPaddedDim ? RotationKind::kHaar : RotationKind::kHadamard;
}

std::size_t Rotation::padded_dim_for(std::size_t dim, RotationKind kind) noexcept {
  return kind == RotationKind::kHaar ? round_up(dim, 64) : next_pow2(dim);
}

namespace {

// A Haar-distributed p x p orthogonal matrix (p = padded), stored for dots_transposed: the columns
// q_j of a Gaussian matrix, orthonormalised by modified Gram-Schmidt; row i of the result holds
// q_0[i] .. q_{p-1}[i] for the first `dim` rows, so out_j = <q_j, x> = sum_i x_i q_j[i].
std::vector<float> haar_matrix(std::size_t dim, std::size_t padded, Rng& rng) {
  const std::size_t p = padded;
  std::vector<double> q(p * p);  // column-major: column j at q[j * p]
  for (auto& v : q) v = rng.normal();
  for (std::size_t j = 0; j < p; ++j) {
    double* col = &q[j * p];
    for (std::size_t k = 0; k < j; ++k) {
      const double* prev = &q[k * p];
      double dot = 0.0;
      for (std::size_t i = 0; i < p; ++i) dot += prev[i] * col[i];
      for (std::size_t i = 0; i < p; ++i) col[i] -= dot * prev[i];
    }
    double norm = 0.0;
    for (std::size_t i = 0; i < p; ++i) norm += col[i] * col[i];
    const double inv = 1.0 / std::sqrt(norm);
    for (std::size_t i = 0; i < p; ++i) col[i] *= inv;
  }
  std::vector<float> matrix(dim * p);
  for (std::size_t i = 0; i < dim; ++i) {
    for (std::size_t j = 0; j < p; ++j) matrix[i * p + j] = static_cast<float>(q[j * p + i]);
  }
  return matrix;
}

}  // namespace

Rotation::Rotation(std::size_t dim, RotationKind kind, std::uint64_t seed)
    : dim_(dim), padded_(padded_dim_for(dim, kind)), kind_(kind), seed_(seed) {
  const std::string problem = rotation_problem(dim, kind);
  if (!problem.empty()) throw_error(ErrorCode::kInvalidInput, problem);
  Rng rng(seed);
  if (kind == RotationKind::kHaar) {
    matrix_ = haar_matrix(dim, padded_, rng);
  } else {
    signs_.resize(kHadamardRounds * padded_);
    for (auto& s : signs_) s = static_cast<std::uint8_t>(rng.next() >> 63U);
  }
}

void Rotation::apply(const float* x, float* out, const simd::Kernels& kernels) const {
  if (kind_ == RotationKind::kHaar) {
    kernels.dots_transposed(x, matrix_.data(), dim_, padded_, out);
    return;
  }
  for (std::size_t i = 0; i < padded_; ++i) out[i] = i < dim_ ? x[i] : 0.0F;
  const auto norm = static_cast<float>(1.0 / std::sqrt(static_cast<double>(padded_)));
  for (int round = 0; round < kHadamardRounds; ++round) {
    const std::uint8_t* signs = &signs_[static_cast<std::size_t>(round) * padded_];
    for (std::size_t i = 0; i < padded_; ++i) {
      if (signs[i] != 0) out[i] = -out[i];
    }
    fwht(out, padded_);
    for (std::size_t i = 0; i < padded_; ++i) out[i] *= norm;
  }
}

std::uint64_t Rotation::read_all() const noexcept {
  return read_each_cache_line(bytes_of(matrix_.data(), matrix_.size())) +
         read_each_cache_line(bytes_of(signs_.data(), signs_.size()));
}

}  // namespace ruvector::rabitq
