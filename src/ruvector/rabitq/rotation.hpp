// Random orthogonal rotations P for RaBitQ: codes are taken of P(x - c), where a random rotation
// makes every coordinate of a unit vector concentrate around +-1/sqrt(D) (Gao & Long, SIGMOD 2024).
//
//   kHaar      dense Haar-random orthogonal matrix: Gram-Schmidt (in double) of a Gaussian matrix
//              from Rng(seed). O(D^2) per vector; the default up to 512 padded dims.
//   kHadamard  three rounds of (random +-1 signs, fast Walsh-Hadamard transform / sqrt(D)) over D
//              padded to a power of two: O(D log D), for large D.
//
// Inputs are zero-padded to padded_dim (a multiple of 64 for Haar, a power of two >= 64 for
// Hadamard), and the output has padded_dim coordinates. apply() is bit-identical on every ISA.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ruvector/simd/kernels.hpp"

namespace ruvector::rabitq {

enum class RotationKind : std::uint8_t { kAuto = 0, kHaar = 1, kHadamard = 2 };  // kAuto: build picks

// Input dims up to 2^16 (Hadamard pads to a power of two, so padded dims stay <= 2^16 too).
inline constexpr std::size_t kMaxDim = std::size_t{1} << 16U;
// Haar stores p^2 floats and builds them by O(p^3) Gram-Schmidt in p^2 doubles: 1024 padded dims
// is ~12 MB and ~1 s; beyond that only Hadamard is built (or loaded).
inline constexpr std::size_t kMaxHaarPaddedDim = 1024;
// The padded dim up to which automatic() picks Haar.
inline constexpr std::size_t kAutoHaarPaddedDim = 512;

// Why (dim, kind) is not a rotation this library builds ("" when it is): dim 0 or above kMaxDim,
// an unknown kind, or Haar above kMaxHaarPaddedDim. The builder and the file loader share it.
std::string rotation_problem(std::size_t dim, RotationKind kind);

class Rotation {
 public:
  Rotation() = default;
  // Throws InvalidInput with rotation_problem() for a pair it does not build.
  Rotation(std::size_t dim, RotationKind kind, std::uint64_t seed);

  // The kind the index picks when the caller does not: Haar up to kAutoHaarPaddedDim padded dims.
  static RotationKind automatic(std::size_t dim) noexcept;
  static std::size_t padded_dim_for(std::size_t dim, RotationKind kind) noexcept;

  // out[0..padded_dim) = P * (x zero-padded to padded_dim).
  void apply(const float* x, float* out, const simd::Kernels& kernels) const;

  [[nodiscard]] std::size_t dim() const noexcept { return dim_; }
  [[nodiscard]] std::size_t padded_dim() const noexcept { return padded_; }
  [[nodiscard]] RotationKind kind() const noexcept { return kind_; }
  [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
  // Reads every cache line of the matrix or signs; returns a sum of what it read.
  [[nodiscard]] std::uint64_t read_all() const noexcept;
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return matrix_.size() * sizeof(float) + signs_.size(); }

 private:
  std::size_t dim_ = 0;
  std::size_t padded_ = 0;
  RotationKind kind_ = RotationKind::kHaar;
  std::uint64_t seed_ = 0;
  std::vector<float> matrix_;        // Haar: dim rows x padded columns, out = sum_i x_i * row_i
  std::vector<std::uint8_t> signs_;  // Hadamard: 3 x padded, 1 = negate
};

}  // namespace ruvector::rabitq
