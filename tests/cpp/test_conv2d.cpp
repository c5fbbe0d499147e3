// The CNN convolutions (embed/conv2d.hpp) against a direct scalar evaluation of the definition:
// NCHW loops over explicitly zero-padded input with TensorFlow SAME padding. Sizes are odd and
// even, kernels 1/3/5, strides 1/2, so every padding split and border case runs.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <random>
#include <vector>

#include "ruvector/embed/conv2d.hpp"
#include "ruvector/simd/gemm.hpp"

using ruvector::embed::Activation;
using ruvector::embed::DenseConv;
using ruvector::embed::DepthwiseConv;
using ruvector::embed::same_padding;

namespace {

std::vector<float> random_values(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0F, 1.0F);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// out[oy][ox][o] = act(bias[o] + sum over taps and input channels), groups = 1 or depthwise.
std::vector<float> reference_conv(const std::vector<float>& x, std::size_t h, std::size_t w, std::size_t in,
                                  const std::vector<float>& weight, const std::vector<float>& bias, std::size_t out,
                                  std::size_t k, std::size_t s, bool depthwise, bool relu6) {
  // Total SAME padding: (out - 1) * s + k - in, the smaller half in front.
  const std::size_t oh = (h + s - 1) / s;
  const std::size_t ow = (w + s - 1) / s;
  const long pad_h = std::max(0L, static_cast<long>((oh - 1) * s + k) - static_cast<long>(h));
  const long pad_w = std::max(0L, static_cast<long>((ow - 1) * s + k) - static_cast<long>(w));
  const long top = pad_h / 2;
  const long left = pad_w / 2;
  std::vector<float> y(oh * ow * out);
  for (std::size_t oy = 0; oy < oh; ++oy) {
    for (std::size_t ox = 0; ox < ow; ++ox) {
      for (std::size_t o = 0; o < out; ++o) {
        double acc = bias[o];
        for (std::size_t ky = 0; ky < k; ++ky) {
          for (std::size_t kx = 0; kx < k; ++kx) {
            const long iy = static_cast<long>(oy * s + ky) - top;
            const long ix = static_cast<long>(ox * s + kx) - left;
            if (iy < 0 || ix < 0 || iy >= static_cast<long>(h) || ix >= static_cast<long>(w)) continue;
            const std::size_t base = (static_cast<std::size_t>(iy) * w + static_cast<std::size_t>(ix)) * in;
            if (depthwise) {
              acc += static_cast<double>(x[base + o]) * weight[(o * k + ky) * k + kx];
            } else {
              for (std::size_t c = 0; c < in; ++c)
                acc += static_cast<double>(x[base + c]) * weight[((o * in + c) * k + ky) * k + kx];
            }
          }
        }
        if (relu6) acc = std::min(std::max(acc, 0.0), 6.0);
        y[(oy * ow + ox) * out + o] = static_cast<float>(acc);
      }
    }
  }
  return y;
}

void require_close(const std::vector<float>& got, const std::vector<float>& want, double tolerance) {
  REQUIRE(got.size() == want.size());
  double worst = 0;
  for (std::size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::abs(double{got[i]} - want[i]));
  INFO("worst absolute difference " << worst);
  REQUIRE(worst <= tolerance);
}

}  // namespace

TEST_CASE("SAME padding puts the odd row after", "[conv]") {
  CHECK(same_padding(224, 3, 2).out == 112);
  CHECK(same_padding(224, 3, 2).before == 0);  // total 1: after only
  CHECK(same_padding(112, 5, 2).before == 1);  // total 3: 1 before, 2 after
  CHECK(same_padding(7, 5, 1).before == 2);
  CHECK(same_padding(7, 5, 1).out == 7);
  CHECK(same_padding(9, 3, 2).out == 5);
  CHECK(same_padding(9, 3, 2).before == 1);  // total 2
}

TEST_CASE("Depthwise convolution equals the scalar definition", "[conv]") {
  std::mt19937 rng(11);
  for (std::size_t k : {3U, 5U}) {
    for (std::size_t s : {1U, 2U}) {
      for (std::size_t size : {1U, 2U, 7U, 8U, 13U}) {
        for (std::size_t channels : {1U, 5U, 32U, 67U}) {
          for (bool relu6 : {false, true}) {
            INFO("k=" << k << " s=" << s << " size=" << size << " channels=" << channels << " relu6=" << relu6);
            const std::size_t h = size;
            const std::size_t w = size + 3;
            const auto x = random_values(h * w * channels, rng);
            auto weight = random_values(channels * k * k, rng);
            const auto bias = random_values(channels, rng);
            if (relu6) {
              for (float& v : weight) v *= 8.0F;  // reach both clamps
            }
            const DepthwiseConv conv(weight.data(), bias.data(), channels, k, s,
                                     relu6 ? Activation::kRelu6 : Activation::kNone);
            std::vector<float> got;
            conv.forward(x.data(), h, w, got);
            require_close(got, reference_conv(x, h, w, channels, weight, bias, channels, k, s, true, relu6), 1e-5);
          }
        }
      }
    }
  }
}

TEST_CASE("Dense convolution (im2col + GEMM) equals the scalar definition on every kernel table", "[conv]") {
  std::mt19937 rng(12);
  for (const auto isa : ruvector::simd::available_isas()) {
    const auto& kernels = ruvector::simd::ml_kernels_for(isa);
    for (std::size_t k : {1U, 3U}) {
      for (std::size_t s : {1U, 2U}) {
        for (std::size_t in : {3U, 16U}) {
          for (std::size_t out : {5U, 32U}) {
            INFO("isa=" << static_cast<int>(isa) << " k=" << k << " s=" << s << " in=" << in << " out=" << out);
            const std::size_t h = 9;
            const std::size_t w = 12;
            const auto x = random_values(h * w * in, rng);
            const auto weight = random_values(out * in * k * k, rng);
            const auto bias = random_values(out, rng);
            const DenseConv conv(weight.data(), bias.data(), in, out, k, s, Activation::kRelu6, kernels);
            std::vector<float> got;
            std::vector<float> scratch;
            conv.forward(x.data(), h, w, got, scratch);
            require_close(got, reference_conv(x, h, w, in, weight, bias, out, k, s, false, true), 1e-4);
          }
        }
      }
    }
  }
}
