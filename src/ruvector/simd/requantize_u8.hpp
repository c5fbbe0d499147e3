// The epilogue of every static INT8 layer: int32 sums to the next tensor's u8 codes,
//   out[c] = clamp(zero + round(saturate32(acc[c] + bias[c]) * m0[c] * 2^-shift[c]), lo, hi),
// rounding half away from zero (embed/requantize.hpp defines the fixed-point multiplier m0 * 2^-shift,
// m0 in [0, 2^31), 1 <= shift <= 62). The products are exact 62-bit integers on every ISA, so each
// kernel returns the scalar codes bit for bit. lo and hi lie in 0..255 (a ReLU6 narrows them).
#pragma once

#include <cstddef>
#include <cstdint>

#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd {

// round(x / 2^shift), ties away from zero; 1 <= shift <= 62 and |x| < 2^62. Inline: it runs once
// per output value.
inline std::int64_t rounding_shift(std::int64_t x, int shift) noexcept {
  // On the magnitude, so a tie moves away from zero on both sides.
  const auto magnitude = static_cast<std::uint64_t>(x >= 0 ? x : -x);
  const auto bits = static_cast<unsigned>(shift);
  const auto rounded = static_cast<std::int64_t>((magnitude + (std::uint64_t{1} << (bits - 1U))) >> bits);
  return x >= 0 ? rounded : -rounded;
}

// Per-channel requantization of a layer (arrays of its output channel count).
struct RequantizeU8 {
  const std::int32_t* bias;
  const std::int32_t* m0;
  const std::int32_t* shift;
  std::int32_t zero;
  std::int32_t lo;
  std::int32_t hi;

  // The same parameters from channel `first` on (a GEMM tile's columns).
  [[nodiscard]] RequantizeU8 from(std::size_t first) const noexcept {
    return {bias + first, m0 + first, shift + first, zero, lo, hi};
  }
};

struct RequantizeU8Kernels {
  Isa isa;
  // out[c] for c < n as above.
  void (*row)(const std::int32_t* acc, std::size_t n, const RequantizeU8& q, std::uint8_t* out);
};

// The kernels of `isa` (InvalidInput if unavailable): AVX-512 and AVX2 natively; wasm uses the
// scalar loop (simd128 has no per-lane 64-bit shift).
const RequantizeU8Kernels& requantize_u8_kernels_for(Isa isa);
const RequantizeU8Kernels& active_requantize_u8_kernels();

namespace detail {
const RequantizeU8Kernels* avx2_requantize_u8_table() noexcept;
const RequantizeU8Kernels* avx512_requantize_u8_table() noexcept;
// Defined once, in the scalar build; the SIMD kernels finish their tails with it.
void requantize_u8_scalar(const std::int32_t* acc, std::size_t n, const RequantizeU8& q, std::uint8_t* out);
}  // namespace detail

}  // namespace ruvector::simd
