// IEEE 754 binary16 conversion in software (round to nearest even), identical on every target;
// used for the compact f16 rerank store.
#pragma once

#include <cstdint>
#include <cstring>

namespace ruvector {

inline std::uint16_t float_to_half(float value) noexcept {
  std::uint32_t x = 0;
  std::memcpy(&x, &value, sizeof x);
  const std::uint32_t sign = (x >> 16U) & 0x8000U;
  const std::uint32_t exp = (x >> 23U) & 0xFFU;
  std::uint32_t mant = x & 0x7FFFFFU;
  if (exp == 0xFFU) return static_cast<std::uint16_t>(sign | 0x7C00U | (mant != 0 ? 0x200U : 0U));  // Inf/NaN
  const int e = static_cast<int>(exp) - 127 + 15;
  if (e >= 31) return static_cast<std::uint16_t>(sign | 0x7C00U);  // overflow -> Inf
  if (e <= 0) {                                                    // subnormal or zero
    if (e < -10) return static_cast<std::uint16_t>(sign);
    mant |= 0x800000U;
    const auto shift = static_cast<std::uint32_t>(14 - e);
    std::uint32_t half = mant >> shift;
    const std::uint32_t rem = mant & ((1U << shift) - 1U);
    const std::uint32_t halfway = 1U << (shift - 1U);
    if (rem > halfway || (rem == halfway && (half & 1U) != 0)) ++half;
    return static_cast<std::uint16_t>(sign | half);
  }
  std::uint32_t half = (static_cast<std::uint32_t>(e) << 10U) | (mant >> 13U);
  const std::uint32_t rem = mant & 0x1FFFU;
  if (rem > 0x1000U || (rem == 0x1000U && (half & 1U) != 0)) ++half;  // may carry into exp: correct
  return static_cast<std::uint16_t>(sign | half);
}

inline float half_to_float(std::uint16_t h) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000U) << 16U;
  const std::uint32_t exp = (static_cast<std::uint32_t>(h) >> 10U) & 0x1FU;
  std::uint32_t mant = h & 0x3FFU;
  std::uint32_t x = 0;
  if (exp == 0) {
    if (mant == 0) {
      x = sign;
    } else {  // subnormal: normalise
      int e = -1;
      do {
        ++e;
        mant <<= 1U;
      } while ((mant & 0x400U) == 0);
      x = sign | (static_cast<std::uint32_t>(127 - 15 - e) << 23U) | ((mant & 0x3FFU) << 13U);
    }
  } else if (exp == 0x1FU) {
    x = sign | 0x7F800000U | (mant << 13U);
  } else {
    x = sign | ((exp + 127 - 15) << 23U) | (mant << 13U);
  }
  float out = 0.0F;
  std::memcpy(&out, &x, sizeof out);
  return out;
}

}  // namespace ruvector
