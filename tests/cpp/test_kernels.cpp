// Every ISA kernel against the scalar reference, on lengths that hit every tail path and on
// unaligned pointers.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "ruvector/core/error.hpp"
#include "ruvector/simd/kernels.hpp"

using ruvector::simd::Isa;
using ruvector::simd::Kernels;

namespace {

// Float sums in a different order differ by rounding; bound it by the magnitude of the terms.
double tolerance(const std::vector<float>& a, const std::vector<float>& b, std::size_t off, std::size_t dim) {
  double magnitude = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    magnitude +=
        std::fabs(double(a[off + i]) * b[off + i]) + double(a[off + i]) * a[off + i] + double(b[off + i]) * b[off + i];
  }
  return 1e-5 * magnitude + 1e-6;
}

}  // namespace

TEST_CASE("available ISAs start with scalar and match the CPU features", "[simd]") {
  const auto isas = ruvector::simd::available_isas();
  REQUIRE(!isas.empty());
  CHECK(isas.front() == Isa::kScalar);
  const auto f = ruvector::simd::cpu_features();
  for (const Isa isa : isas) {
    if (isa == Isa::kAvx2) CHECK(f.avx2);
    if (isa == Isa::kAvx512) CHECK(f.avx512f);
    if (isa == Isa::kSimd128) CHECK(f.simd128);
    CHECK(ruvector::simd::kernels_for(isa).isa == isa);
  }
#if defined(__EMSCRIPTEN__)
  CHECK(isas.back() == Isa::kSimd128);
#endif
  // active_kernels is the best ISA unless RUVECTOR_ISA overrides it.
  CHECK(ruvector::simd::active_kernels().isa ==
        (std::getenv("RUVECTOR_ISA") ? ruvector::simd::active_kernels().isa : isas.back()));
}

TEST_CASE("an ISA this build lacks is refused with InvalidInput", "[simd]") {
#if defined(__EMSCRIPTEN__)
  CHECK_THROWS_AS(ruvector::simd::kernels_for(Isa::kAvx2), ruvector::Error);
#else
  CHECK_THROWS_AS(ruvector::simd::kernels_for(Isa::kSimd128), ruvector::Error);
#endif
}

TEST_CASE("every ISA kernel agrees with the scalar kernel", "[simd]") {
  const Kernels& ref = ruvector::simd::kernels_for(Isa::kScalar);
  std::mt19937 gen(7);
  std::normal_distribution<float> normal(0.0F, 2.0F);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<float> a(600);
  std::vector<float> b(600);
  std::vector<std::uint8_t> x(700);
  std::vector<std::uint8_t> y(700);
  for (auto& v : a) v = normal(gen);
  for (auto& v : b) v = normal(gen);
  for (auto& v : x) v = static_cast<std::uint8_t>(byte(gen));
  for (auto& v : y) v = static_cast<std::uint8_t>(byte(gen));

  for (const Isa isa : ruvector::simd::available_isas()) {
    const Kernels& k = ruvector::simd::kernels_for(isa);
    INFO("isa " << ruvector::simd::isa_name(isa));
    for (std::size_t dim : {0,  1,  2,  3,   4,   5,   7,   8,   9,   15,  16,  17,  31,  32, 33,
                            63, 64, 65, 100, 127, 128, 129, 255, 256, 257, 384, 511, 512, 513}) {
      for (std::size_t off : {0, 1, 3}) {  // unaligned starts
        INFO("dim " << dim << " offset " << off);
        const double tol = tolerance(a, b, off, dim);
        CHECK(std::fabs(k.l2sq(&a[off], &b[off], dim) - ref.l2sq(&a[off], &b[off], dim)) <= tol);
        CHECK(std::fabs(k.dot(&a[off], &b[off], dim) - ref.dot(&a[off], &b[off], dim)) <= tol);
        CHECK(std::fabs(k.cosine(&a[off], &b[off], dim) - ref.cosine(&a[off], &b[off], dim)) <= 1e-5);
      }
    }
    for (std::size_t bytes : {0, 1, 7, 8, 9, 63, 64, 65, 127, 128, 129, 513, 640}) {
      for (std::size_t off : {0, 1, 5}) {
        INFO("bytes " << bytes << " offset " << off);
        CHECK(k.hamming(&x[off], &y[off], bytes) == ref.hamming(&x[off], &y[off], bytes));
      }
    }
    // Identical inputs: exact zeros, whatever the ISA.
    CHECK(k.l2sq(a.data(), a.data(), 300) == 0.0F);
    CHECK(k.hamming(x.data(), x.data(), 300) == 0);
    // A zero vector has cosine distance 1 by definition.
    const std::vector<float> zero(40, 0.0F);
    CHECK(k.cosine(zero.data(), b.data(), 40) == 1.0F);
  }
}

TEST_CASE("scalar kernels compute the textbook definitions", "[simd]") {
  const Kernels& ref = ruvector::simd::kernels_for(Isa::kScalar);
  const float a[3] = {1, 2, 3};
  const float b[3] = {4, -5, 6};
  CHECK(ref.l2sq(a, b, 3) == Approx(9 + 49 + 9));
  CHECK(ref.dot(a, b, 3) == Approx(4 - 10 + 18));
  CHECK(ref.cosine(a, b, 3) == Approx(1.0 - 12.0 / (std::sqrt(14.0) * std::sqrt(77.0))));
  const std::uint8_t x[2] = {0xFF, 0x0F};
  const std::uint8_t y[2] = {0x00, 0x0E};
  CHECK(ref.hamming(x, y, 2) == 9);
}

TEST_CASE("dots_transposed is bit-identical on every ISA", "[simd][determinism]") {
  const Kernels& ref = ruvector::simd::kernels_for(Isa::kScalar);
  std::mt19937 gen(11);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  for (const std::size_t d : {1, 3, 16, 33, 128}) {
    for (const std::size_t m : {1, 5, 8, 16, 17, 31, 40, 63, 64, 65, 100, 127, 128, 130, 200, 256, 300}) {
      std::vector<float> x(d);
      std::vector<float> mt(d * m);
      for (auto& v : x) v = normal(gen);
      for (auto& v : mt) v = normal(gen);
      std::vector<float> want(m);
      ref.dots_transposed(x.data(), mt.data(), d, m, want.data());
      // The scalar definition itself: ascending-i sum, multiply then add.
      for (std::size_t j = 0; j < m; ++j) {
        float acc = 0.0F;
        for (std::size_t i = 0; i < d; ++i) acc = acc + x[i] * mt[i * m + j];
        CHECK(want[j] == acc);
      }
      for (const Isa isa : ruvector::simd::available_isas()) {
        INFO("isa " << ruvector::simd::isa_name(isa) << " d " << d << " m " << m);
        std::vector<float> got(m, -1.0F);
        ruvector::simd::kernels_for(isa).dots_transposed(x.data(), mt.data(), d, m, got.data());
        CHECK(got == want);  // exact, not approximate
      }
    }
  }
}

TEST_CASE("fastscan sums LUT entries exactly on every ISA", "[simd][fastscan]") {
  std::mt19937 gen(12);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const std::size_t groups : {4, 8, 32, 96}) {
    const std::size_t nblocks = 3;
    std::vector<std::uint8_t> blocks(nblocks * groups * 16);
    std::vector<std::uint8_t> lut(groups * 16);
    for (auto& v : blocks) v = static_cast<std::uint8_t>(byte(gen));
    for (auto& v : lut) v = static_cast<std::uint8_t>(byte(gen));
    // Reference straight from the layout definition.
    std::vector<std::uint16_t> want(nblocks * 32, 0);
    for (std::size_t b = 0; b < nblocks; ++b) {
      for (std::size_t v = 0; v < 32; ++v) {
        unsigned sum = 0;
        for (std::size_t g = 0; g < groups; ++g) {
          const std::uint8_t packed = blocks[(b * groups + g) * 16 + (v % 16)];
          const unsigned nibble = v < 16 ? (packed & 0x0FU) : (packed >> 4U);
          sum += lut[g * 16 + nibble];
        }
        want[b * 32 + v] = static_cast<std::uint16_t>(sum);
      }
    }
    for (const Isa isa : ruvector::simd::available_isas()) {
      INFO("isa " << ruvector::simd::isa_name(isa) << " groups " << groups);
      std::vector<std::uint16_t> got(nblocks * 32, 0xFFFF);
      ruvector::simd::kernels_for(isa).fastscan(blocks.data(), nblocks, lut.data(), groups, got.data());
      CHECK(got == want);
    }
  }
}
