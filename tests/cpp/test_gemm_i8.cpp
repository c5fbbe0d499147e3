// INT8 GEMM: every ISA's kernel returns exactly the scalar kernel's floats (exact int32 sums, the
// same dequantization), and the quantized product stays close to the float product.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "ruvector/simd/gemm_i8.hpp"
#include "ruvector/simd/gemm_i8_tables.hpp"
#include "ruvector/simd/kernels.hpp"

using ruvector::simd::I8Activations;
using ruvector::simd::I8Kernels;
using ruvector::simd::I8Scratch;
using ruvector::simd::PackedI8;

namespace {

std::vector<float> random_floats(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0F, 1.0F);
  std::vector<float> v(n);
  for (auto& x : v) x = dist(rng);
  return v;
}

std::vector<float> product_i8(const std::vector<float>& a, const std::vector<float>& w, const std::vector<float>& bias,
                              std::size_t m, std::size_t n, std::size_t k, const I8Kernels& kernels,
                              I8Activations activations = I8Activations::kOneCode) {
  const PackedI8 packed(w.data(), n, k, k, kernels);
  std::vector<float> c(m * n);
  I8Scratch scratch;
  ruvector::simd::gemm_i8(a.data(), m, k, packed, bias.data(), c.data(), n, kernels, scratch, activations);
  return c;
}

// Relative RMS error of got (m x n) against the exact product a (m x k) * w^T (w: n x k).
double relative_error(const std::vector<float>& got, const std::vector<float>& a, const std::vector<float>& w,
                      std::size_t m, std::size_t n, std::size_t k) {
  double err = 0;
  double ref = 0;
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double exact = 0;
      for (std::size_t p = 0; p < k; ++p) exact += static_cast<double>(a[i * k + p]) * w[j * k + p];
      err += (got[i * n + j] - exact) * (got[i * n + j] - exact);
      ref += exact * exact;
    }
  }
  return std::sqrt(err / ref);
}

}  // namespace

namespace {

// Row, column and depth tails (k not a multiple of 4 or 2, nor of AMX's 64), one panel and many,
// and more rows than one 512-row block of for_each_i8_tile (a tail block of 7 rows).
struct Shape {
  std::size_t m, n, k;
};
constexpr Shape kShapes[] = {{1, 1, 1},      {5, 7, 3},     {13, 33, 301}, {37, 384, 384},
                             {14, 70, 1536}, {48, 64, 128}, {21, 40, 200}, {519, 9, 22}};

void require_equals_scalar(const I8Kernels& kernels, const std::string& name) {
  const I8Kernels& scalar = ruvector::simd::i8_kernels_for(ruvector::simd::Isa::kScalar);
  for (const auto& s : kShapes) {
    const auto a = random_floats(s.m * s.k, 11);
    const auto w = random_floats(s.n * s.k, 12);
    const auto bias = random_floats(s.n, 13);
    for (const auto activations : {I8Activations::kOneCode, I8Activations::kWithResidual}) {
      const auto want = product_i8(a, w, bias, s.m, s.n, s.k, scalar, activations);
      const auto got = product_i8(a, w, bias, s.m, s.n, s.k, kernels, activations);
      INFO(name << " m=" << s.m << " n=" << s.n << " k=" << s.k << " residual "
                << (activations == I8Activations::kWithResidual));
      REQUIRE(got == want);
    }
  }
}

}  // namespace

TEST_CASE("int8 gemm: interleave_a_rows lays rows out word by word, zero past the last row", "[gemm_i8]") {
  // 3 rows of 5 words (row stride 6) into a block of 4 rows.
  std::vector<std::uint32_t> a(std::size_t{3} * 6);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint32_t>(100 + i);
  std::vector<std::uint32_t> block(std::size_t{4} * 5, 0xFFFFFFFFU);
  ruvector::simd::interleave_a_rows(a.data(), 6, 3, 5, 4, block.data());
  for (std::size_t w = 0; w < 5; ++w) {
    for (std::size_t i = 0; i < 4; ++i) {
      INFO("w=" << w << " i=" << i);
      REQUIRE(block[w * 4 + i] == (i < 3 ? a[i * 6 + w] : 0U));
    }
  }
}

TEST_CASE("int8 gemm: every ISA equals the scalar kernel bit for bit", "[gemm_i8]") {
  for (const auto isa : ruvector::simd::available_isas()) {
    require_equals_scalar(ruvector::simd::i8_kernels_for(isa), std::string(ruvector::simd::isa_name(isa)));
  }
}

#if defined(__x86_64__)
TEST_CASE("int8 gemm: the VNNI and AMX tiles each equal the scalar kernel bit for bit", "[gemm_i8]") {
  // The AVX-512 entry picks AMX where it can, so VNNI is checked on its own too (and AMX wherever the
  // CPU and OS offer it; a machine without it prints why the case checked less).
  namespace detail = ruvector::simd::detail;
  if (ruvector::simd::cpu_has_avx512_vnni()) {
    require_equals_scalar(*detail::avx512_vnni_i8_table(), "avx512 vnni");
  } else {
    WARN("this CPU has no AVX-512 VNNI: its tile is not checked here");
  }
  if (const I8Kernels* amx = detail::avx512_amx_i8_table(); amx != nullptr) {
    REQUIRE(amx->mr == 32);
    require_equals_scalar(*amx, "amx");
  } else {
    WARN("no AMX-INT8 (CPU or OS): its tile is not checked here");
  }
}
#endif

TEST_CASE("int8 gemm: every ISA quantizes activations by the scalar rule, ties and clamps included", "[gemm_i8]") {
  // x * inv_scale on exact halves of both signs (rounded away from zero), on the clamp edges
  // [-zero, 255 - zero] and beyond them; lengths cover every vector tail.
  const float inv_scale = 2.0F;
  const std::int32_t zero = 100;
  const float halves[] = {0.25F,  -0.25F,  0.75F, -0.75F, 1.25F, -1.25F, 77.25F, 77.75F, -49.75F, -50.25F,
                          150.0F, -150.0F, 0.0F,  -0.0F,  1e9F,  -1e9F,  0.1F,   -0.3F,  3.0F};
  std::vector<float> x;
  for (int i = 0; i < 4; ++i) x.insert(x.end(), std::begin(halves), std::end(halves));
  const auto expected = [&](float v) {
    const float t = std::clamp(v * inv_scale, static_cast<float>(-zero), static_cast<float>(255 - zero));
    return static_cast<std::uint32_t>(std::lround(t) + zero);  // lround: halves away from zero
  };
  REQUIRE(expected(0.25F) == 101U);   // 0.5 -> 1
  REQUIRE(expected(-0.25F) == 99U);   // -0.5 -> -1
  REQUIRE(expected(77.75F) == 255U);  // 155.5 clamps to 155
  REQUIRE(expected(-50.25F) == 0U);   // -100.5 clamps to -100
  for (const auto isa : ruvector::simd::available_isas()) {
    const I8Kernels& kernels = ruvector::simd::i8_kernels_for(isa);
    const std::size_t group = kernels.k_group;
    const std::size_t shift = 32 / group;
    for (std::size_t k = 1; k <= x.size(); k += (k < 20 ? 1 : 17)) {
      std::vector<std::uint32_t> words((k + group - 1) / group, 0xFFFFFFFFU);
      kernels.quantize_row(x.data(), k, inv_scale, zero, words.data());
      for (std::size_t p = 0; p < words.size() * group; ++p) {
        const std::uint32_t code = (words[p / group] >> ((p % group) * shift)) & ((1U << shift) - 1U);
        INFO(ruvector::simd::isa_name(isa) << " k=" << k << " p=" << p);
        REQUIRE(code == (p < k ? expected(x[p]) : 0U));  // the last word's tail is zero
      }
    }
  }
}

TEST_CASE("int8 gemm approximates the float product within the quantization error", "[gemm_i8]") {
  const std::size_t m = 20;
  const std::size_t n = 50;
  const std::size_t k = 384;
  const auto a = random_floats(m * k, 21);
  const auto w = random_floats(n * k, 22);
  const std::vector<float> bias(n, 0.0F);
  const auto got = product_i8(a, w, bias, m, n, k, ruvector::simd::active_i8_kernels());
  // Two 8-bit roundings of Gaussian data: relative RMS error about 1-2 %; a wrong zero point or
  // scale gives errors of order 1.
  REQUIRE(relative_error(got, a, w, m, n, k) < 0.03);
}

TEST_CASE("int8 gemm with residual codes leaves only the weights' int8 error", "[gemm_i8]") {
  const std::size_t m = 24;
  const std::size_t n = 40;
  const std::size_t k = 384;
  auto a = random_floats(m * k, 41);
  a[5] = 12.0F;  // an outlier widens its row's range: one code loses most of that row's resolution
  const auto w = random_floats(n * k, 42);
  // The weights as the int8 GEMM sees them (code * scale per output channel).
  std::vector<float> w_coded(w.size());
  for (std::size_t j = 0; j < n; ++j) {
    float max_abs = 0;
    for (std::size_t p = 0; p < k; ++p) max_abs = std::max(max_abs, std::abs(w[j * k + p]));
    const float scale = ruvector::simd::symmetric_weight_scale(max_abs);
    for (std::size_t p = 0; p < k; ++p) {
      w_coded[j * k + p] = scale * static_cast<float>(ruvector::simd::symmetric_weight_code(w[j * k + p], 1 / scale));
    }
  }
  const std::vector<float> bias(n, 0.0F);
  for (const auto isa : ruvector::simd::available_isas()) {
    const auto& kernels = ruvector::simd::i8_kernels_for(isa);
    INFO(ruvector::simd::isa_name(isa));
    // Against the product with the coded weights, only the activations' error remains: about 1 %
    // with one code, ~256 times less with the residual code (float rounding dominates).
    const double one = relative_error(product_i8(a, w, bias, m, n, k, kernels), a, w_coded, m, n, k);
    const double two =
        relative_error(product_i8(a, w, bias, m, n, k, kernels, I8Activations::kWithResidual), a, w_coded, m, n, k);
    REQUIRE(one > 0.004);
    REQUIRE(two < 1e-4);
  }
}

TEST_CASE("int8 gemm refuses weights packed for another kernel", "[gemm_i8]") {
  const I8Kernels& scalar = ruvector::simd::i8_kernels_for(ruvector::simd::Isa::kScalar);
  I8Kernels other = scalar;
  other.nr = scalar.nr * 2;
  const std::vector<float> w(16, 1.0F);
  const PackedI8 packed(w.data(), 4, 4, 4, other);
  std::vector<float> c(16);
  I8Scratch scratch;
  REQUIRE_THROWS_WITH(ruvector::simd::gemm_i8(w.data(), 4, 4, packed, nullptr, c.data(), 4, scalar, scratch),
                      Catch::Contains("packed for another kernel"));
}

TEST_CASE("int8 gemm: a row's zero point follows its range, so one-signed rows keep 8 bits", "[gemm_i8]") {
  const auto all_zero = ruvector::simd::row_quantization(0.0F, 0.0F);
  REQUIRE(all_zero.scale == 1.0F);
  REQUIRE(all_zero.zero == 0);
  const auto positive = ruvector::simd::row_quantization(0.0F, 2.55F);
  REQUIRE(positive.zero == 0);
  REQUIRE(positive.scale == Approx(0.01F));
  const auto negative = ruvector::simd::row_quantization(-2.55F, 0.0F);
  REQUIRE(negative.zero == 255);
  const auto mixed = ruvector::simd::row_quantization(-1.0F, 3.0F);
  REQUIRE(mixed.zero == 64);  // round(1 / (4 / 255)) = round(63.75)

  // GELU-like activations (mostly >= 0, a small negative tail): the asymmetric code halves the
  // step of a symmetric one, so the error of the product must stay well under the symmetric ~1 %.
  const std::size_t m = 16;
  const std::size_t n = 40;
  const std::size_t k = 512;
  auto a = random_floats(m * k, 31);
  for (auto& x : a) x = x > 0 ? x : 0.05F * x;
  const auto w = random_floats(n * k, 32);
  const std::vector<float> bias(n, 0.0F);
  for (const auto isa : ruvector::simd::available_isas()) {
    const auto got = product_i8(a, w, bias, m, n, k, ruvector::simd::i8_kernels_for(isa));
    INFO(ruvector::simd::isa_name(isa));
    REQUIRE(relative_error(got, a, w, m, n, k) < 0.012);
  }
}
