#include "ruvector/rabitq/random.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ruvector/core/splitmix64.hpp"

namespace ruvector::rabitq {
namespace {

constexpr std::uint64_t rotl(std::uint64_t x, unsigned k) noexcept {
  return (x << k) | (x >> (64U - k));
}

}  // namespace

double portable_log(double x) noexcept {
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // x = m * 2^exponent, m in [0.5, 1): exact
  if (m < 0.7071067811865476) {         // move m into [sqrt(1/2), sqrt(2)) for a faster series
    m *= 2.0;
    exponent -= 1;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716: 2 s (1 + s^2/3 + s^4/5 + ...)
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double term = s;
  double sum = 0.0;
  for (int k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= s2;
  }
  constexpr double kLn2 = 0.6931471805599453;
  return 2.0 * sum + exponent * kLn2;
}

Rng::Rng(std::uint64_t seed) noexcept {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
}

std::uint64_t Rng::next() noexcept {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17U;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() noexcept {
  return static_cast<double>(next() >> 11U) * 0x1.0p-53;
}

std::uint64_t Rng::below(std::uint64_t n) noexcept {
  if (n <= 1) return 0;
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  for (;;) {
    const std::uint64_t v = next();
    if (v < limit) return v % n;
  }
}

double Rng::normal() noexcept {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  for (;;) {
    const double u = 2.0 * uniform() - 1.0;
    const double v = 2.0 * uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) {
      const double f = std::sqrt(-2.0 * portable_log(s) / s);  // sqrt is correctly rounded everywhere
      spare_ = v * f;
      has_spare_ = true;
      return u * f;
    }
  }
}

std::vector<std::size_t> sample_rows(Rng& rng, std::size_t n, std::size_t count) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = 0; i < count; ++i) std::swap(order[i], order[i + static_cast<std::size_t>(rng.below(n - i))]);
  order.resize(count);
  std::sort(order.begin(), order.end());
  return order;
}

}  // namespace ruvector::rabitq
