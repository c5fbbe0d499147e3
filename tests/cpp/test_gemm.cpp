// GEMM, exp and GELU kernels: every ISA this build and CPU run agrees with the scalar reference
// (and the scalar reference with double-precision arithmetic), on shapes with row and column tails.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "ruvector/simd/gemm.hpp"
#include "ruvector/simd/kernels.hpp"

using ruvector::simd::MlKernels;
using ruvector::simd::PackedB;

namespace {

std::vector<float> random_floats(std::size_t n, std::uint32_t seed, float scale = 1.0F) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-scale, scale);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

// C = A W^T + bias in double, the exact reference.
std::vector<double> reference(const std::vector<float>& a, const std::vector<float>& w, const std::vector<float>& bias,
                              std::size_t m, std::size_t n, std::size_t k) {
  std::vector<double> c(m * n);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double s = bias.empty() ? 0.0 : bias[j];
      for (std::size_t p = 0; p < k; ++p) s += static_cast<double>(a[i * k + p]) * w[j * k + p];
      c[i * n + j] = s;
    }
  }
  return c;
}

}  // namespace

TEST_CASE("gemm of every ISA matches the double-precision product within float rounding", "[gemm]") {
  struct Shape {
    std::size_t m, n, k;
  };
  // Tails in every dimension: rows below mr (every tail length of the simd128 4-row and the AVX2
  // 6-row tile), columns below nr, depth above the k block (256).
  // More rows than one 512-row block of A (interleaved per block for simd128), with a row tail.
  const Shape shapes[] = {{1, 1, 1},     {3, 5, 7},     {13, 33, 300}, {37, 384, 384}, {100, 70, 1536},
                          {7, 1152, 17}, {10, 20, 257}, {14, 9, 40},   {11, 17, 64},   {519, 13, 300}};
  for (const auto isa : ruvector::simd::available_isas()) {
    const MlKernels& kernels = ruvector::simd::ml_kernels_for(isa);
    for (const auto& s : shapes) {
      const auto a = random_floats(s.m * s.k, 1);
      const auto w = random_floats(s.n * s.k, 2);
      const auto bias = random_floats(s.n, 3);
      const auto want = reference(a, w, bias, s.m, s.n, s.k);
      const PackedB packed = PackedB::from_transposed(w.data(), s.n, s.k, s.k, kernels.nr);
      std::vector<float> c(s.m * (s.n + 3), -7.0F);  // ldc > n: the gap must stay untouched
      ruvector::simd::gemm(a.data(), s.m, s.k, packed, bias.data(), c.data(), s.n + 3, kernels);
      // Error bound of a length-k float sum of products in [-1, 1]: ~k * eps * sum|terms|.
      const double tol = 2.0 * static_cast<double>(s.k) * 6e-8 * static_cast<double>(s.k) / 2.0 + 1e-6;
      for (std::size_t i = 0; i < s.m; ++i) {
        for (std::size_t j = 0; j < s.n; ++j) {
          INFO(std::string(ruvector::simd::isa_name(isa))
               << " m=" << s.m << " n=" << s.n << " k=" << s.k << " at " << i << "," << j);
          REQUIRE(std::abs(c[i * (s.n + 3) + j] - want[i * s.n + j]) <= tol);
        }
        for (std::size_t j = s.n; j < s.n + 3; ++j) REQUIRE(c[i * (s.n + 3) + j] == -7.0F);
      }
    }
  }
}

TEST_CASE("gemm SIMD kernels agree with the scalar kernel, packed from rows or transposed", "[gemm]") {
  const MlKernels& scalar = ruvector::simd::ml_kernels_for(ruvector::simd::Isa::kScalar);
  const std::size_t m = 29;
  const std::size_t n = 45;
  const std::size_t k = 77;
  const auto a = random_floats(m * k, 4);
  const auto b = random_floats(k * n, 5);  // B itself, k x n
  std::vector<float> want(m * n);
  ruvector::simd::gemm(a.data(), m, k, PackedB::from_rows(b.data(), k, n, n, scalar.nr), nullptr, want.data(), n,
                       scalar);
  for (const auto isa : ruvector::simd::available_isas()) {
    const MlKernels& kernels = ruvector::simd::ml_kernels_for(isa);
    std::vector<float> got(m * n);
    ruvector::simd::gemm(a.data(), m, k, PackedB::from_rows(b.data(), k, n, n, kernels.nr), nullptr, got.data(), n,
                         kernels);
    // The same product from B^T packed the other way.
    std::vector<float> bt(n * k);
    for (std::size_t p = 0; p < k; ++p) {
      for (std::size_t j = 0; j < n; ++j) bt[j * k + p] = b[p * n + j];
    }
    std::vector<float> got_t(m * n);
    ruvector::simd::gemm(a.data(), m, k, PackedB::from_transposed(bt.data(), n, k, k, kernels.nr), nullptr,
                         got_t.data(), n, kernels);
    for (std::size_t i = 0; i < m * n; ++i) {
      INFO(ruvector::simd::isa_name(isa) << " element " << i);
      REQUIRE(std::abs(got[i] - want[i]) <= 2e-5F);
      REQUIRE(got_t[i] == got[i]);
    }
  }
}

TEST_CASE("simd128 gemm equals the scalar kernel bit for bit, one A buffer reused across shapes", "[gemm]") {
  // No FMA in simd128 and the same ascending-k sums: the interleaved-A tile changes no bit.
  const auto isas = ruvector::simd::available_isas();
  if (std::find(isas.begin(), isas.end(), ruvector::simd::Isa::kSimd128) == isas.end()) {
    WARN("no simd128 in this build: nothing to compare");
    return;
  }
  const MlKernels& scalar = ruvector::simd::ml_kernels_for(ruvector::simd::Isa::kScalar);
  const MlKernels& simd128 = ruvector::simd::ml_kernels_for(ruvector::simd::Isa::kSimd128);
  REQUIRE(simd128.interleaved_a);
  std::vector<float> a_block;
  const std::size_t shapes[][3] = {{519, 13, 300}, {5, 9, 3}, {37, 40, 257}, {1, 8, 1}};
  for (const auto& s : shapes) {
    const std::size_t m = s[0];
    const std::size_t n = s[1];
    const std::size_t k = s[2];
    const auto a = random_floats(m * (k + 2), 6);  // lda = k + 2
    const auto w = random_floats(n * k, 7);
    const auto bias = random_floats(n, 8);
    std::vector<float> want(m * n);
    std::vector<float> got(m * n);
    ruvector::simd::gemm(a.data(), m, k + 2, PackedB::from_transposed(w.data(), n, k, k, scalar.nr), bias.data(),
                         want.data(), n, scalar);
    ruvector::simd::gemm(a.data(), m, k + 2, PackedB::from_transposed(w.data(), n, k, k, simd128.nr), bias.data(),
                         got.data(), n, simd128, &a_block);
    INFO("m=" << m << " n=" << n << " k=" << k);
    REQUIRE(got == want);
  }
}

TEST_CASE("gemm refuses B packed for another kernel's panel width", "[gemm]") {
  const MlKernels& scalar = ruvector::simd::ml_kernels_for(ruvector::simd::Isa::kScalar);
  const std::vector<float> w(4 * 4, 1.0F);
  const PackedB packed = PackedB::from_transposed(w.data(), 4, 4, 4, scalar.nr + 1);
  std::vector<float> c(16);
  REQUIRE_THROWS_WITH(ruvector::simd::gemm(w.data(), 4, 4, packed, nullptr, c.data(), 4, scalar),
                      Catch::Contains("packed for panels of 9 columns"));
}

TEST_CASE("exp and GELU kernels match libm within their stated error, every ISA", "[gemm]") {
  std::vector<float> xs;
  for (int i = -2000; i <= 2000; ++i) xs.push_back(static_cast<float>(i) * 0.005F);  // [-10, 10]
  for (const float x : {-87.0F, -50.0F, -20.0F, 20.0F, 50.0F, 88.0F}) xs.push_back(x);
  xs.push_back(0.0F);
  for (const auto isa : ruvector::simd::available_isas()) {
    const MlKernels& kernels = ruvector::simd::ml_kernels_for(isa);
    for (std::size_t len : {xs.size(), std::size_t{3}, std::size_t{17}}) {  // tails of every width
      std::vector<float> e(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(len));
      std::vector<float> g = e;
      kernels.exp_inplace(e.data(), len);
      kernels.gelu_inplace(g.data(), len);
      for (std::size_t i = 0; i < len; ++i) {
        const double x = xs[i];
        const double want_exp = std::exp(x);
        const double want_gelu = 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
        INFO(ruvector::simd::isa_name(isa) << " x=" << x);
        REQUIRE(std::abs(e[i] - want_exp) <= 4e-7 * want_exp);
        REQUIRE(std::abs(g[i] - want_gelu) <= 4e-7 * std::max(1.0, std::abs(x)));
      }
    }
  }
}
