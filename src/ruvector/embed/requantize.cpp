#include "ruvector/embed/requantize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

namespace {

constexpr int kMantissaBits = 31;
constexpr std::int64_t kMantissaOne = std::int64_t{2147483648};  // 2^31

}  // namespace

FixedPointMultiplier fixed_point_multiplier(double m) {
  if (!(m > 0) || !(m < 0x1p30))
    throw_error(ErrorCode::kInvalidInput, "requantization multiplier must be in (0, 2^30), got " + std::to_string(m));
  int exponent = 0;
  const double fraction = std::frexp(m, &exponent);  // m = fraction * 2^exponent, fraction in [0.5, 1)
  auto m0 = static_cast<std::int64_t>(std::llround(std::ldexp(fraction, kMantissaBits)));
  if (m0 == kMantissaOne) {  // the fraction rounded up to 1
    m0 /= 2;
    ++exponent;
  }
  const int shift = kMantissaBits - exponent;
  if (shift > 62) return {0, 1};  // M < 2^-31: |acc * M| < 1/2 for every int32 acc
  return {static_cast<std::int32_t>(m0), shift};
}

QuantizedAdd::QuantizedAdd(float scale_a, std::int32_t zero_a, float scale_b, std::int32_t zero_b, float scale_out,
                           std::int32_t zero_out)
    : zero_a_(zero_a), zero_b_(zero_b), zero_out_(zero_out) {
  const double ma = static_cast<double>(scale_a) / scale_out;
  const double mb = static_cast<double>(scale_b) / scale_out;
  // The shift of the larger multiplier's 31-bit mantissa; the smaller one shares it.
  const FixedPointMultiplier larger = fixed_point_multiplier(std::max(ma, mb));
  shift_ = larger.m0 == 0 ? 62 : larger.shift;
  m_a_ = std::llround(std::ldexp(ma, shift_));
  m_b_ = std::llround(std::ldexp(mb, shift_));
}

std::uint8_t QuantizedAdd::one(std::uint8_t a, std::uint8_t b) const noexcept {
  // |code - zero| <= 255 and m < 2^31: each product < 2^39, no overflow.
  const std::int64_t sum = (std::int64_t{a} - zero_a_) * m_a_ + (std::int64_t{b} - zero_b_) * m_b_;
  return static_cast<std::uint8_t>(std::clamp<std::int64_t>(rounding_shift(sum, shift_) + zero_out_, 0, 255));
}

void QuantizedAdd::apply(const std::uint8_t* a, const std::uint8_t* b, std::size_t n,
                         std::uint8_t* out) const noexcept {
  for (std::size_t i = 0; i < n; ++i) out[i] = one(a[i], b[i]);
}

}  // namespace ruvector::embed
