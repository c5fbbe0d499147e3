#include <atomic>
#include <catch2/catch.hpp>
#include <random>
#include <thread>
#include <vector>

#include "error_of.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/flat/flat_index.hpp"

using ruvector::ErrorCode;
using ruvector::FlatIndex;
using ruvector::Metric;

namespace {

std::vector<float> random_rows(std::size_t n, std::size_t dim, unsigned seed) {
  std::mt19937 gen(seed);
  std::normal_distribution<float> normal;
  std::vector<float> v(n * dim);
  for (auto& x : v) x = normal(gen);
  return v;
}

template <class F>
ErrorCode code_of(F&& f) {
  const auto [code, message] = ruvector::test::error_of(std::forward<F>(f));
  if (message.empty()) FAIL("no ruvector::Error thrown");
  return code;
}

}  // namespace

TEST_CASE("each row is its own nearest neighbour at distance 0", "[flat]") {
  const std::size_t dim = 24;
  const auto data = random_rows(300, dim, 1);
  for (const Metric m : {Metric::kL2, Metric::kCosine}) {
    FlatIndex index(dim, m);
    index.add(data);
    const auto res = index.search(data, 3, 2);
    for (std::size_t q = 0; q < 300; ++q) {
      CHECK(res.ids[q * 3] == q);
      CHECK(res.distances[q * 3] == Approx(0.0).margin(1e-5));
      CHECK(res.distances[q * 3] <= res.distances[q * 3 + 1]);
    }
  }
}

TEST_CASE("auto ids continue after the largest id; remove drops rows", "[flat]") {
  FlatIndex index(2, Metric::kL2);
  const std::vector<float> a = {0, 0, 10, 10};
  const std::vector<std::uint64_t> ids = {100, 5};
  index.add(a, ids);
  index.add(std::vector<float>{20, 20});  // gets id 101
  CHECK(index.size() == 3);
  auto res = index.search(std::vector<float>{19, 19}, 1);
  CHECK(res.ids[0] == 101);

  const std::vector<std::uint64_t> gone = {101, 12345};
  CHECK(index.remove(gone) == 1);
  CHECK(index.size() == 2);
  res = index.search(std::vector<float>{19, 19}, 5);
  CHECK(res.k == 2);
  CHECK(res.ids == std::vector<std::uint64_t>{5, 100});
}

TEST_CASE("bad input throws the right kind and changes nothing", "[flat][errors]") {
  FlatIndex index(3, Metric::kL2);
  index.add(std::vector<float>{1, 2, 3, 4, 5, 6});
  CHECK(code_of([&] { index.add(std::vector<float>{1, 2}); }) == ErrorCode::kDimensionMismatch);
  CHECK(code_of([&] { index.add(std::vector<float>{1, 2, NAN}); }) == ErrorCode::kInvalidInput);
  const std::vector<std::uint64_t> dup = {0};
  CHECK(code_of([&] { index.add(std::vector<float>{1, 2, 3}, dup); }) == ErrorCode::kInvalidInput);
  const std::vector<std::uint64_t> two = {8, 9};
  CHECK(code_of([&] { index.add(std::vector<float>{1, 2, 3}, two); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([&] { (void)index.search(std::vector<float>{1, 2, 3}, -1); }) == ErrorCode::kInvalidInput);
  CHECK(code_of([] { FlatIndex bad(0, Metric::kL2); }) == ErrorCode::kInvalidInput);
  CHECK(index.size() == 2);
}

#if !defined(__EMSCRIPTEN__)
TEST_CASE("searches from many threads while another thread adds", "[flat][threads][concurrency]") {
  const std::size_t dim = 16;
  FlatIndex index(dim, Metric::kL2);
  const auto base = random_rows(500, dim, 2);
  index.add(base);
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      const auto q = random_rows(4, dim, 10 + t);
      while (!stop.load()) {
        const auto res = index.search(q, 5, 1);
        for (std::size_t i = 0; i + 1 < res.distances.size(); ++i) {
          if (i % 5 != 4 && res.distances[i] > res.distances[i + 1]) failures.fetch_add(1);
        }
      }
    });
  }
  for (unsigned i = 0; i < 50; ++i) index.add(random_rows(20, dim, 100 + i));
  stop.store(true);
  for (auto& r : readers) r.join();
  CHECK(failures.load() == 0);
  CHECK(index.size() == 1500);
}
#endif
