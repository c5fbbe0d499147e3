// Seeded N(0, sigma^2) test vectors, and clustered ones like bench/'s "clustered" sets.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace ruvector::test {

inline std::vector<float> normal_values(std::size_t n, unsigned seed, float sigma = 1.0F) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal(0.0F, sigma);
  std::vector<float> v(n);
  for (auto& x : v) x = normal(gen);
  return v;
}

// n x dim points N(centre, 1) around `clusters` centres N(0, 3^2) drawn from `centre_seed`; queries
// near the same data: the same centre seed, another point seed.
inline std::vector<float> clustered_values(std::size_t n, std::size_t dim, std::size_t clusters, unsigned centre_seed,
                                           unsigned point_seed) {
  const auto centres = normal_values(clusters * dim, centre_seed, 3.0F);
  auto points = normal_values(n * dim, point_seed);
  std::mt19937 gen(point_seed + 1);
  std::uniform_int_distribution<std::size_t> pick(0, clusters - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t c = pick(gen);
    for (std::size_t d = 0; d < dim; ++d) points[i * dim + d] += centres[c * dim + d];
  }
  return points;
}

}  // namespace ruvector::test
