// Decoding of f16 rerank rows: the same floats as ruvector::half_to_float (core/half.hpp) for every
// one of the 65,536 inputs, but branch-free, so the compiler vectorises a row instead of taking
// several data-dependent branches per element.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ruvector::rabitq {

inline void half_row_to_float(const std::uint16_t* in, float* out, std::size_t n) noexcept {
  constexpr std::uint32_t kExpMask = 0x7C00U << 13U;         // the f16 exponent field, moved to f32's
  constexpr std::uint32_t kRebias = (127U - 15U) << 23U;     // f16 -> f32 exponent bias
  constexpr std::uint32_t kInfRebias = (128U - 16U) << 23U;  // Inf / NaN: exponent 31 -> 255
  constexpr std::uint32_t kSubnormalOne = 113U << 23U;       // 2^-14 as f32 bits
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t h = in[i];
    const std::uint32_t shifted = (h & 0x7FFFU) << 13U;  // exponent and mantissa in f32 position
    const std::uint32_t exp = shifted & kExpMask;
    // Selects are masks, not conditionals: GCC's if-conversion gives up on this loop otherwise.
    const std::uint32_t is_inf_nan = 0U - static_cast<std::uint32_t>(exp == kExpMask);
    const std::uint32_t is_small = 0U - static_cast<std::uint32_t>(exp == 0U);
    const std::uint32_t normal = shifted + kRebias + (kInfRebias & is_inf_nan);
    // A subnormal (or zero) m * 2^-24 is (1 + m * 2^-10) * 2^-14 - 2^-14: one exact subtraction of
    // normal numbers (so flush-to-zero modes cannot change it).
    const std::uint32_t lifted_bits = shifted + kRebias + (1U << 23U);
    float lifted = 0.0F;
    float one = 0.0F;
    std::memcpy(&lifted, &lifted_bits, sizeof lifted);
    std::memcpy(&one, &kSubnormalOne, sizeof one);
    const float small = lifted - one;
    std::uint32_t small_bits = 0;
    std::memcpy(&small_bits, &small, sizeof small_bits);
    const std::uint32_t bits = (small_bits & is_small) | (normal & ~is_small) | ((h & 0x8000U) << 16U);
    std::memcpy(&out[i], &bits, sizeof bits);
  }
}

}  // namespace ruvector::rabitq
