// The project's seeded random numbers. Everything random in an index (rotation, k-means seeds,
// training sample) comes from here, so the same seed builds the same index on every target.
//
//   state:   xoshiro256** (Blackman & Vigna), its four words filled by SplitMix64(seed)
//   uniform: (next() >> 11) * 2^-53, in [0, 1)
//   below(n): uniform integer in [0, n) by rejection of the biased top range
//   normal:  Marsaglia's polar method; its log is `portable_log` below, built from + - * / only,
//            because libm's log may differ in the last bit between glibc and emscripten's musl.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ruvector::rabitq {

// Natural log for x > 0 from IEEE-exact operations only (frexp scaling + atanh series).
double portable_log(double x) noexcept;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) noexcept;
  std::uint64_t next() noexcept;
  double uniform() noexcept;
  std::uint64_t below(std::uint64_t n) noexcept;
  double normal() noexcept;

 private:
  std::uint64_t s_[4]{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

// `count` distinct numbers of [0, n) drawn from `rng` (a partial Fisher-Yates shuffle), ascending.
std::vector<std::size_t> sample_rows(Rng& rng, std::size_t n, std::size_t count);

}  // namespace ruvector::rabitq
