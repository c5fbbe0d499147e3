// Seeded N(0, 1) test vectors.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace ruvector::test {

inline std::vector<float> normal_values(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::vector<float> v(n);
  for (auto& x : v) x = normal(gen);
  return v;
}

}  // namespace ruvector::test
