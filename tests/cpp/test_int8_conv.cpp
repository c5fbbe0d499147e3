// Static INT8 building blocks of the image encoder: the fixed-point requantization against exact
// references (ties, signs, saturation) and every ISA's requantization kernel against the scalar one,
// the quantized residual add, every ISA's depthwise INT8 window against scalar, the calibration
// thresholds on distributions with a known answer, and each quantized convolution layer against
// its fp32 layer within the error its scales allow.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/embed/calibration.hpp"
#include "ruvector/embed/conv2d.hpp"
#include "ruvector/embed/conv2d_int8.hpp"
#include "ruvector/embed/requantize.hpp"
#include "ruvector/simd/depthwise_i8.hpp"
#include "ruvector/simd/gemm_i8.hpp"
#include "ruvector/simd/kernels.hpp"
#include "ruvector/simd/requantize_u8.hpp"

using namespace ruvector::embed;  // NOLINT(google-build-using-namespace)
using ruvector::ErrorCode;
using ruvector::test::error_of;

namespace {

// round half away from zero of the exact value acc * m0 / 2^shift (long double holds the 62-bit
// product exactly: x87 extended natively, binary128 in wasm).
long double exact_requantized(std::int32_t acc, FixedPointMultiplier m) {
  const long double v = std::ldexp(static_cast<long double>(acc) * m.m0, -m.shift);
  const long double r = std::round(v);
  return std::clamp(r, static_cast<long double>(std::numeric_limits<std::int32_t>::min()),
                    static_cast<long double>(std::numeric_limits<std::int32_t>::max()));
}

}  // namespace

TEST_CASE("Requantization rounds half away from zero and saturates", "[int8_conv]") {
  const FixedPointMultiplier half = fixed_point_multiplier(0.5);
  CHECK(half.m0 == (1 << 30));
  CHECK(half.shift == 31);
  CHECK(requantize(1, half) == 1);    // 0.5
  CHECK(requantize(-1, half) == -1);  // -0.5
  CHECK(requantize(3, half) == 2);    // 1.5
  CHECK(requantize(-3, half) == -2);
  CHECK(requantize(2, half) == 1);
  const FixedPointMultiplier m3_16 = fixed_point_multiplier(3.0 / 16.0);
  CHECK(requantize(8, m3_16) == 2);   // 1.5
  CHECK(requantize(24, m3_16) == 5);  // 4.5
  CHECK(requantize(-24, m3_16) == -5);
  CHECK(requantize(23, m3_16) == 4);  // 4.3125
  const FixedPointMultiplier big = fixed_point_multiplier(0x1p29);
  CHECK(requantize(8, big) == std::numeric_limits<std::int32_t>::max());
  CHECK(requantize(-8, big) == std::numeric_limits<std::int32_t>::min());
  CHECK(requantize(std::numeric_limits<std::int32_t>::max(), fixed_point_multiplier(0.999999999)) ==
        std::numeric_limits<std::int32_t>::max() - 2);
  CHECK(requantize(std::numeric_limits<std::int32_t>::min(), fixed_point_multiplier(1e-12)) == 0);
  CHECK(rounding_shift(std::int64_t{1} << 61, 62) == 1);
  CHECK(rounding_shift(-(std::int64_t{1} << 61), 62) == -1);
  CHECK(rounding_shift((std::int64_t{1} << 61) - 1, 62) == 0);
  for (const double bad : {0.0, -1.0, std::nan(""), 0x1p30}) {
    CHECK(ruvector::test::code_of([&] { (void)fixed_point_multiplier(bad); }) == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("Requantization equals the exact rounding of acc * M, and acc * M to within its 31 bits", "[int8_conv]") {
  std::mt19937 rng(11);
  std::uniform_int_distribution<std::int32_t> accs(std::numeric_limits<std::int32_t>::min(),
                                                   std::numeric_limits<std::int32_t>::max());
  std::uniform_real_distribution<double> exponents(-24.0, 2.0);
  std::size_t near_tie = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::int32_t acc = i % 2 == 0 ? accs(rng) : accs(rng) >> 12;  // large and moderate sums
    const double real = std::exp2(exponents(rng));
    const FixedPointMultiplier m = fixed_point_multiplier(real);
    const std::int32_t got = requantize(acc, m);
    REQUIRE(static_cast<long double>(got) == exact_requantized(acc, m));
    // Against the double multiplier: the 31-bit mantissa moves acc * M by < |acc * M| * 2^-31.
    const long double ideal = static_cast<long double>(acc) * real;
    const long double slack = std::abs(ideal) * 0x1p-30L + 1e-9L;
    const long double frac = ideal - std::floor(ideal);
    if (std::abs(ideal) < 0x1p31L && std::abs(frac - 0.5L) > slack) {
      REQUIRE(static_cast<long double>(got) == std::round(ideal));
    } else {
      ++near_tie;
    }
  }
  CHECK(near_tie < 200000 / 2);  // most cases were compared with the double reference
}

TEST_CASE("QuantizedAdd matches the double-precision sum of two u8 tensors", "[int8_conv]") {
  const QuantizedAdd add(0.05F, 120, 0.031F, 7, 0.07F, 100);
  std::size_t compared = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const double real = ((a - 120) * 0.05 + (b - 7) * 0.031) / 0.07;
      const double frac = real - std::floor(real);
      const int got = add.one(static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b));
      const double expected = std::clamp(std::round(real) + 100, 0.0, 255.0);
      if (std::abs(frac - 0.5) > 1e-6) {
        REQUIRE(got == static_cast<int>(expected));
        ++compared;
      } else {
        REQUIRE(std::abs(got - expected) <= 1);
      }
    }
  }
  CHECK(compared > 60000);
  std::vector<std::uint8_t> x = {0, 120, 255};
  std::vector<std::uint8_t> y = {7, 7, 255};
  std::vector<std::uint8_t> out(3);
  add.apply(x.data(), y.data(), 3, out.data());
  CHECK(out == std::vector<std::uint8_t>{add.one(0, 7), 100, add.one(255, 255)});
}

TEST_CASE("Requantization to u8 clamps to the code range and adds the bias first", "[int8_conv]") {
  const std::vector<std::int32_t> acc = {-1000, 0, 10, 1000};
  ChannelRequantization r;
  r.resize(4);
  const std::vector<std::int32_t> bias = {0, 4, -10, 0};
  for (std::size_t c = 0; c < 4; ++c) r.set(c, bias[c], fixed_point_multiplier(0.25));
  r.zero = 20;
  r.lo = 20;
  r.hi = 200;
  for (const auto isa : ruvector::simd::available_isas()) {
    INFO(ruvector::simd::isa_name(isa));
    std::vector<std::uint8_t> out(4);
    ruvector::simd::requantize_u8_kernels_for(isa).row(acc.data(), 4, r.view(), out.data());
    CHECK(out == std::vector<std::uint8_t>{20, 21, 20, 200});
  }
}

TEST_CASE("Every requantization kernel returns the scalar codes", "[int8_conv]") {
  // Ties, saturating bias additions, INT32_MIN, tiny and huge multipliers, every code range.
  const auto& scalar = ruvector::simd::requantize_u8_kernels_for(ruvector::simd::Isa::kScalar);
  constexpr std::int32_t kMin = std::numeric_limits<std::int32_t>::min();
  constexpr std::int32_t kMax = std::numeric_limits<std::int32_t>::max();
  std::mt19937 rng(23);
  std::uniform_int_distribution<std::int32_t> wide(kMin, kMax);
  std::uniform_real_distribution<double> exponents(-34.0, 8.0);
  std::uniform_int_distribution<int> codes(0, 255);
  for (const std::size_t n : {1U, 7U, 15U, 16U, 17U, 31U, 33U, 1152U}) {
    std::vector<std::int32_t> acc(n);
    ChannelRequantization r;
    r.resize(n);
    for (std::size_t c = 0; c < n; ++c) {
      const int kind = static_cast<int>(c % 5);
      acc[c] = kind == 0 ? wide(rng) : kind == 1 ? (wide(rng) >> 14) : kind == 2 ? kMin : (wide(rng) >> 20);
      const std::int32_t bias_q = kind == 2 ? -5 : kind == 3 ? kMax : wide(rng) >> 16;  // saturating sums
      const double m = c % 7 == 0 ? 0.5 : std::exp2(exponents(rng));                    // 0.5: ties on odd sums
      r.set(c, bias_q, fixed_point_multiplier(m));
    }
    for (int trial = 0; trial < 8; ++trial) {
      r.zero = codes(rng);
      r.lo = trial % 2 == 0 ? 0 : std::min(r.zero, codes(rng));
      r.hi = trial % 2 == 0 ? 255 : std::max(r.lo, codes(rng));
      std::vector<std::uint8_t> want(n);
      scalar.row(acc.data(), n, r.view(), want.data());
      for (std::size_t c = 0; c < n; ++c) {  // the scalar kernel against the one-value reference
        const std::int64_t sum = std::clamp<std::int64_t>(std::int64_t{acc[c]} + r.bias[c], kMin, kMax);
        const std::int64_t v = requantize(static_cast<std::int32_t>(sum), {r.m0[c], r.shift[c]});
        REQUIRE(want[c] == std::clamp<std::int64_t>(v + r.zero, r.lo, r.hi));
      }
      for (const auto isa : ruvector::simd::available_isas()) {
        INFO(ruvector::simd::isa_name(isa) << " n=" << n << " trial " << trial);
        std::vector<std::uint8_t> got(n + 1, 77);  // one guard byte past the row
        ruvector::simd::requantize_u8_kernels_for(isa).row(acc.data(), n, r.view(), got.data());
        REQUIRE(got[n] == 77);
        got.pop_back();
        REQUIRE(got == want);
      }
    }
  }
}

TEST_CASE("Every depthwise INT8 window kernel returns the scalar sums of all its taps", "[int8_conv]") {
  const auto& scalar = ruvector::simd::depthwise_i8_kernels_for(ruvector::simd::Isa::kScalar);
  std::mt19937 rng(29);
  std::uniform_int_distribution<int> bytes(0, 255);
  std::uniform_int_distribution<int> weights(-127, 127);
  for (const std::size_t n : {1U, 7U, 8U, 15U, 16U, 17U, 40U, 1152U}) {
    for (const std::size_t taps : {1U, 4U, 9U, 25U}) {
      std::vector<std::vector<std::uint8_t>> x(taps, std::vector<std::uint8_t>(n));
      std::vector<std::vector<std::int8_t>> w(taps, std::vector<std::int8_t>(n));
      std::vector<const std::uint8_t*> xs;
      std::vector<const std::int8_t*> ws;
      for (std::size_t t = 0; t < taps; ++t) {
        for (std::size_t i = 0; i < n; ++i) {
          // Every tap at the extremes for channel 0: 25 * 255 * 127 tests the int32 widening.
          x[t][i] = static_cast<std::uint8_t>(i == 0 ? 255 : bytes(rng));
          w[t][i] = static_cast<std::int8_t>(i == 0 ? -127 : weights(rng));
        }
        xs.push_back(x[t].data());
        ws.push_back(w[t].data());
      }
      const std::int32_t zero = static_cast<std::int32_t>(taps % 2 == 0 ? 0 : 131);
      std::vector<std::int32_t> want(n, 999);
      scalar.window(xs.data(), ws.data(), taps, zero, want.data(), n);
      for (std::size_t i = 0; i < n; ++i) {
        std::int32_t expected = 0;
        for (std::size_t t = 0; t < taps; ++t) expected += (static_cast<std::int32_t>(x[t][i]) - zero) * w[t][i];
        REQUIRE(want[i] == expected);
      }
      for (const auto isa : ruvector::simd::available_isas()) {
        INFO(ruvector::simd::isa_name(isa) << " n=" << n << " taps=" << taps);
        std::vector<std::int32_t> got(n, 999);
        ruvector::simd::depthwise_i8_kernels_for(isa).window(xs.data(), ws.data(), taps, zero, got.data(), n);
        REQUIRE(got == want);
      }
    }
  }
}

TEST_CASE("Calibration thresholds clip outliers where min/max does not", "[int8_conv]") {
  // 10^6 values uniform in [0, 1) plus ten outliers at 100.
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> unit(0.0F, 1.0F);
  std::vector<float> x(1000000);
  for (auto& v : x) v = unit(rng);
  for (int i = 0; i < 10; ++i) x[static_cast<std::size_t>(i) * 99991] = 100.0F;
  ActivationStatistics s;
  s.observe_extremes(x.data(), x.size());
  s.observe_histogram(x.data(), x.size());
  const ActivationRange minmax = s.range(CalibrationMethod::kMinMax, 99.99);
  CHECK(minmax.lo == 0.0F);
  CHECK(minmax.hi == 100.0F);
  const ActivationRange pct = s.range(CalibrationMethod::kPercentile, 99.99);
  CHECK(pct.lo == 0.0F);
  CHECK(pct.hi > 0.95F);
  CHECK(pct.hi < 1.1F);  // one bin is 100 / 2048
  // The KL search's smallest candidate is `levels` bins (255 of 2048 over [0, 100]: 12.5): the
  // outliers are clipped there, as TensorRT's search does.
  const ActivationRange kl = s.range(CalibrationMethod::kEntropy, 99.99);
  CHECK(kl.hi > 12.4F);
  CHECK(kl.hi < 12.6F);
  // Both signs: a symmetric normal with a far negative outlier; the negative side is clipped too.
  std::normal_distribution<float> normal(0.0F, 1.0F);
  for (auto& v : x) v = normal(rng);
  x[17] = -60.0F;
  ActivationStatistics t;
  t.observe_extremes(x.data(), x.size());
  t.observe_histogram(x.data(), x.size());
  const ActivationRange k2 = t.range(CalibrationMethod::kEntropy, 99.99);
  CHECK(k2.lo > -10.0F);
  CHECK(k2.lo < -2.0F);
  CHECK(k2.hi > 2.0F);
  CHECK(k2.hi <= t.extremes().hi);
  const ActivationRange p2 = t.range(CalibrationMethod::kPercentile, 99.99);
  CHECK(p2.lo > -5.0F);
  CHECK(p2.lo < -3.0F);  // the 99.99th percentile of |N(0,1)| on one side is ~3.7
  CHECK(calibration_method("kl") == CalibrationMethod::kEntropy);
  CHECK(calibration_method("entropy") == CalibrationMethod::kEntropy);
  const auto e = error_of([] { (void)calibration_method("mse"); });
  CHECK(e.first == ErrorCode::kInvalidInput);
  CHECK(e.second.find("'mse'") != std::string::npos);
}

namespace {

std::vector<float> random_floats(std::size_t n, float lo, float hi, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

QuantParams params_of(const std::vector<float>& v) {
  float lo = 0;
  float hi = 0;
  for (const float x : v) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  return ruvector::simd::row_quantization(lo, hi);
}

std::vector<float> dequantized(const std::vector<std::uint8_t>& codes, QuantParams q) {
  std::vector<float> v(codes.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    v[i] = q.scale * (static_cast<float>(codes[i]) - static_cast<float>(q.zero));
  return v;
}

// Checks the INT8 layer's dequantized outputs against the fp32 layer run on the dequantized input:
// |int8 - fp32| <= s_out / 2 (output rounding) + s_w[c] / 2 * sum |x| over the window (weight
// rounding) + s_in * s_w[c] / 2 (bias rounding) + float noise, with fp32 clamped to the codes' range.
// `window_abs[p * out + c]` is sum |x| of output p's window, `weight_scale[c]` is s_w[c].
void check_layer(const std::vector<float>& fp32, const std::vector<std::uint8_t>& int8, QuantParams in, QuantParams out,
                 const std::vector<double>& window_abs, const std::vector<double>& weight_scale, std::size_t channels) {
  REQUIRE(fp32.size() == int8.size());
  const std::vector<float> got = dequantized(int8, out);
  const double lo = out.scale * (0.0 - out.zero);
  const double hi = out.scale * (255.0 - out.zero);
  double worst_ratio = 0;
  double mean_error = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::size_t c = i % channels;
    const double want = std::clamp(static_cast<double>(fp32[i]), lo, hi);
    const double bound = out.scale / 2.0 + weight_scale[c] / 2.0 * window_abs[i] + in.scale * weight_scale[c] / 2.0 +
                         1e-5 * (1.0 + window_abs[i]);
    const double error = std::abs(got[i] - want);
    INFO("output " << i << ": int8 " << got[i] << " fp32 " << want << " bound " << bound);
    REQUIRE(error <= bound);
    worst_ratio = std::max(worst_ratio, error / bound);
    mean_error += error;
  }
  mean_error /= static_cast<double>(got.size());
  CHECK(mean_error < out.scale);  // typically ~ s_out / 4: the bound is loose, the layer is not
  WARN("worst error / bound " << worst_ratio << ", mean error " << mean_error << " (s_out " << out.scale << ")");
}

}  // namespace

TEST_CASE("A quantized dense convolution matches its fp32 layer within the bound of its scales", "[int8_conv]") {
  struct Shape {
    std::size_t in, out, kernel, stride;
    Activation act;
  };
  const auto& fp32_kernels = ruvector::simd::active_ml_kernels();
  for (const Shape s : {Shape{24, 40, 1, 1, Activation::kNone}, Shape{16, 96, 1, 1, Activation::kRelu6},
                        Shape{3, 32, 3, 2, Activation::kRelu6}, Shape{5, 9, 3, 1, Activation::kNone}}) {
    const std::size_t h = 13;
    const std::size_t w = 11;
    const std::size_t depth = s.kernel * s.kernel * s.in;
    auto weight = random_floats(s.out * depth, -0.5F, 0.5F, 7);
    auto bias = random_floats(s.out, -1.0F, 1.0F, 8);
    // Channel 0 nearly dead, as batch-norm folding leaves some (|w| ~ 1e-12, a bias of order 1): its
    // int32 bias must not saturate.
    for (std::size_t k = 0; k < depth; ++k) weight[k] *= 1e-11F;
    bias[0] = 0.8F;
    const DenseConv conv(weight.data(), bias.data(), s.in, s.out, s.kernel, s.stride, s.act, fp32_kernels);
    const auto x = random_floats(h * w * s.in, -1.0F, 3.0F, 9);
    const QuantParams in = params_of(x);
    std::vector<std::uint8_t> codes(x.size());
    quantize_tensor(x.data(), x.size(), in, codes.data());
    const std::vector<float> x_deq = dequantized(codes, in);
    std::vector<float> fp32;
    std::vector<float> scratch;
    conv.forward(x_deq.data(), h, w, fp32, scratch);
    const QuantParams out = params_of(fp32);
    // sum |x| per window and s_w per channel, from the definitions (not from the layer).
    std::vector<float> windows;
    gather_windows(x_deq.data(), h, w, s.in, s.kernel, s.stride, 0.0F, windows);
    const std::size_t pixels = windows.size() / depth;
    std::vector<double> window_abs(pixels * s.out);
    for (std::size_t p = 0; p < pixels; ++p) {
      double a = 0;
      for (std::size_t k = 0; k < depth; ++k) a += std::abs(windows[p * depth + k]);
      for (std::size_t c = 0; c < s.out; ++c) window_abs[p * s.out + c] = a;
    }
    std::vector<double> weight_scale(s.out);
    // The layer reorders [out][in][ky][kx] to (ky, kx, in): max |w| per output channel is the same.
    for (std::size_t c = 0; c < s.out; ++c) {
      double m = 0;
      for (std::size_t k = 0; k < depth; ++k) m = std::max(m, static_cast<double>(std::abs(weight[c * depth + k])));
      weight_scale[c] = m / 127.0;
    }
    std::vector<std::uint8_t> reference;
    for (const auto isa : ruvector::simd::available_isas()) {
      INFO(ruvector::simd::isa_name(isa) << " in " << s.in << " out " << s.out << " kernel " << s.kernel);
      const QuantizedDenseConv q(conv, in, out, ruvector::simd::i8_kernels_for(isa));
      std::vector<std::uint8_t> got;
      Int8Scratch buffers;
      q.forward(codes.data(), h, w, got, buffers);
      check_layer(fp32, got, in, out, window_abs, weight_scale, s.out);
      if (reference.empty()) reference = got;
      REQUIRE(got == reference);  // the same codes on every ISA
      std::vector<float> floats;
      q.forward_float(codes.data(), h, w, floats, buffers);
      for (std::size_t i = 0; i < floats.size(); ++i)
        REQUIRE(std::abs(floats[i] - fp32[i]) <= weight_scale[i % s.out] / 2 * window_abs[i] +
                                                     in.scale * weight_scale[i % s.out] / 2 +
                                                     1e-5 * (1 + window_abs[i]));
    }
  }
}

TEST_CASE("A quantized depthwise convolution matches its fp32 layer within the bound of its scales", "[int8_conv]") {
  struct Shape {
    std::size_t channels, kernel, stride;
    Activation act;
  };
  for (const Shape s : {Shape{24, 3, 1, Activation::kRelu6}, Shape{40, 5, 2, Activation::kRelu6},
                        Shape{19, 5, 1, Activation::kNone}, Shape{32, 3, 2, Activation::kNone}}) {
    const std::size_t h = 12;
    const std::size_t w = 9;
    const std::size_t taps = s.kernel * s.kernel;
    auto weight = random_floats(s.channels * taps, -1.0F, 1.0F, 17);
    auto bias = random_floats(s.channels, -1.0F, 1.0F, 18);
    for (std::size_t t = 0; t < taps; ++t) weight[t] *= 1e-11F;  // channel 0 nearly dead (see above)
    bias[0] = 0.8F;
    const DepthwiseConv conv(weight.data(), bias.data(), s.channels, s.kernel, s.stride, s.act);
    const auto x = random_floats(h * w * s.channels, 0.0F, 6.0F, 19);
    const QuantParams in = params_of(x);
    std::vector<std::uint8_t> codes(x.size());
    quantize_tensor(x.data(), x.size(), in, codes.data());
    const std::vector<float> x_deq = dequantized(codes, in);
    std::vector<float> fp32;
    conv.forward(x_deq.data(), h, w, fp32);
    const QuantParams out = params_of(fp32);
    std::vector<float> windows;  // per channel: gather with 1 channel at a time is simpler as all
    gather_windows(x_deq.data(), h, w, s.channels, s.kernel, s.stride, 0.0F, windows);
    const std::size_t pixels = windows.size() / (taps * s.channels);
    std::vector<double> window_abs(pixels * s.channels, 0.0);
    for (std::size_t p = 0; p < pixels; ++p) {
      for (std::size_t t = 0; t < taps; ++t) {
        for (std::size_t c = 0; c < s.channels; ++c)
          window_abs[p * s.channels + c] += std::abs(windows[(p * taps + t) * s.channels + c]);
      }
    }
    std::vector<double> weight_scale(s.channels);
    for (std::size_t c = 0; c < s.channels; ++c) {
      double m = 0;
      for (std::size_t t = 0; t < taps; ++t) m = std::max(m, static_cast<double>(std::abs(weight[c * taps + t])));
      weight_scale[c] = m / 127.0;
    }
    std::vector<std::uint8_t> reference;
    for (const auto isa : ruvector::simd::available_isas()) {
      INFO(ruvector::simd::isa_name(isa) << " channels " << s.channels << " kernel " << s.kernel);
      const QuantizedDepthwiseConv q(conv, in, out, ruvector::simd::depthwise_i8_kernels_for(isa));
      std::vector<std::uint8_t> got;
      std::vector<std::int32_t> sums;
      q.forward(codes.data(), h, w, got, sums);
      check_layer(fp32, got, in, out, window_abs, weight_scale, s.channels);
      if (reference.empty()) reference = got;
      REQUIRE(got == reference);
    }
  }
}
