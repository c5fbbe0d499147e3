#include "ruvector/embed/conv2d_int8.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

namespace {

constexpr std::size_t kMaxDepthwiseKernel = 7;  // EfficientNet's are 3 x 3 and 5 x 5

std::int32_t round_to_int32(double v) {
  constexpr double kMax = std::numeric_limits<std::int32_t>::max();
  return static_cast<std::int32_t>(std::lround(std::clamp(v, -kMax, kMax)));
}

// The smallest weight scale that keeps a channel's int32 bias round(bias / (s_in * s_w)) within
// +-2^30, leaving 2^30 for the sums: a channel whose batch norm nearly zeroed its weights (they
// exist in EfficientNet-Lite0, |w| ~ 1e-12 with a bias of order 1) would otherwise saturate its bias
// and lose it. Its weights then round coarser (they contribute < k * 3e-5 of the bias).
float bias_weight_scale(float bias, QuantParams in) {
  return static_cast<float>(std::abs(static_cast<double>(bias)) / (static_cast<double>(in.scale) * 0x1p30));
}

// The code range of an output: all of 0..255, or [code of 0, code of 6] after a ReLU6.
void output_codes(Activation activation, QuantParams out, ChannelRequantization& r) {
  r.zero = out.zero;
  r.lo = 0;
  r.hi = 255;
  if (activation == Activation::kRelu6) {
    r.lo = std::clamp<std::int32_t>(out.zero, 0, 255);
    const double six = static_cast<double>(out.zero) + 6.0 / out.scale;
    r.hi = static_cast<std::int32_t>(std::clamp(std::round(six), static_cast<double>(r.lo), 255.0));
  }
}

}  // namespace

void ChannelRequantization::resize(std::size_t channels) {
  bias.resize(channels);
  m0.resize(channels);
  shift.resize(channels);
}

void ChannelRequantization::set(std::size_t c, std::int32_t bias_q, FixedPointMultiplier m) {
  bias[c] = bias_q;
  m0[c] = m.m0;
  shift[c] = m.shift;
}

void quantize_tensor(const float* x, std::size_t n, QuantParams q, std::uint8_t* out) noexcept {
  const float inv = 1.0F / q.scale;
  for (std::size_t i = 0; i < n; ++i) {
    const float code = std::round(x[i] * inv) + static_cast<float>(q.zero);
    out[i] = static_cast<std::uint8_t>(std::clamp(code, 0.0F, 255.0F));
  }
}

QuantizedDenseConv::QuantizedDenseConv(const DenseConv& conv, QuantParams in, QuantParams out,
                                       const simd::I8Kernels& kernels)
    : in_(in),
      out_(out),
      in_channels_(conv.in()),
      kernel_(conv.kernel()),
      stride_(conv.stride()),
      activation_(conv.activation()),
      kernels_(&kernels),
      requantize_(&simd::requantize_u8_kernels_for(kernels.isa)) {
  const std::vector<float> rows = conv.weight_rows();
  const std::size_t depth = kernel_ * kernel_ * in_channels_;
  std::vector<float> min_scales(conv.out());
  for (std::size_t c = 0; c < conv.out(); ++c) min_scales[c] = bias_weight_scale(conv.bias()[c], in);
  weight_ = simd::PackedI8(rows.data(), conv.out(), depth, depth, kernels, min_scales.data());
  requantization_.resize(conv.out());
  sum_scale_.resize(conv.out());
  for (std::size_t c = 0; c < conv.out(); ++c) {
    const double sum_scale = static_cast<double>(in.scale) * weight_.scales()[c];
    sum_scale_[c] = static_cast<float>(sum_scale);
    requantization_.set(
        c, round_to_int32(conv.bias()[c] / sum_scale - static_cast<double>(in.zero) * weight_.weight_sums()[c]),
        fixed_point_multiplier(sum_scale / out.scale));
  }
  output_codes(activation_, out, requantization_);
}

std::size_t QuantizedDenseConv::pack_input(const std::uint8_t* x, std::size_t height, std::size_t width,
                                           Int8Scratch& scratch) const {
  const std::size_t oh = same_padding(height, kernel_, stride_).out;
  const std::size_t ow = same_padding(width, kernel_, stride_).out;
  const std::size_t pixels = oh * ow;
  const std::uint8_t* rows = x;
  if (kernel_ != 1 || stride_ != 1) {
    // Padding is the input's code of 0, so the folded zero-point term stays exact at the borders.
    gather_windows(x, height, width, in_channels_, kernel_, stride_, static_cast<std::uint8_t>(in_.zero),
                   scratch.windows);
    rows = scratch.windows.data();
  }
  scratch.words.resize(pixels * weight_.words());
  simd::pack_u8_rows(rows, pixels, weight_.k(), weight_.k(), *kernels_, weight_.words(), scratch.words.data());
  return pixels;
}

void QuantizedDenseConv::forward(const std::uint8_t* x, std::size_t height, std::size_t width,
                                 std::vector<std::uint8_t>& out, Int8Scratch& scratch) const {
  const std::size_t pixels = pack_input(x, height, width, scratch);
  const std::size_t n = weight_.n();
  out.resize(pixels * n);
  const simd::RequantizeU8 requantization = requantization_.view();
  simd::for_each_i8_tile(scratch.words.data(), pixels, weight_, *kernels_, scratch.tile,
                         [&](std::size_t i, std::size_t j0, const std::int32_t* sums, std::size_t cols) {
                           requantize_->row(sums, cols, requantization.from(j0), out.data() + i * n + j0);
                         });
}

void QuantizedDenseConv::forward_float(const std::uint8_t* x, std::size_t height, std::size_t width,
                                       std::vector<float>& out, Int8Scratch& scratch) const {
  const std::size_t pixels = pack_input(x, height, width, scratch);
  const std::size_t n = weight_.n();
  out.resize(pixels * n);
  const bool relu6 = activation_ == Activation::kRelu6;
  simd::for_each_i8_tile(scratch.words.data(), pixels, weight_, *kernels_, scratch.tile,
                         [&](std::size_t i, std::size_t j0, const std::int32_t* sums, std::size_t cols) {
                           float* row = out.data() + i * n + j0;
                           for (std::size_t c = 0; c < cols; ++c) {
                             const auto sum = static_cast<std::int64_t>(sums[c]) + requantization_.bias[j0 + c];
                             const float v = sum_scale_[j0 + c] * static_cast<float>(sum);
                             row[c] = relu6 ? std::min(std::max(v, 0.0F), 6.0F) : v;
                           }
                         });
}

QuantizedDepthwiseConv::QuantizedDepthwiseConv(const DepthwiseConv& conv, QuantParams in, QuantParams out,
                                               const simd::DepthwiseI8Kernels& kernels)
    : in_(in),
      out_(out),
      channels_(conv.channels()),
      kernel_(conv.kernel()),
      stride_(conv.stride()),
      kernels_(&kernels),
      requantize_(&simd::requantize_u8_kernels_for(kernels.isa)) {
  if (kernel_ > kMaxDepthwiseKernel)
    throw_error(ErrorCode::kInvalidInput, "INT8 depthwise convolution: kernel " + std::to_string(kernel_) +
                                              " exceeds " + std::to_string(kMaxDepthwiseKernel));
  const std::size_t taps = kernel_ * kernel_;
  const std::vector<float>& w = conv.weights();
  weight_.resize(w.size());
  requantization_.resize(channels_);
  for (std::size_t c = 0; c < channels_; ++c) {
    float max_abs = 0;
    for (std::size_t t = 0; t < taps; ++t) max_abs = std::max(max_abs, std::abs(w[t * channels_ + c]));
    const float scale = simd::symmetric_weight_scale(max_abs, bias_weight_scale(conv.bias()[c], in));
    const float inv = 1.0F / scale;
    for (std::size_t t = 0; t < taps; ++t)
      weight_[t * channels_ + c] = simd::symmetric_weight_code(w[t * channels_ + c], inv);
    const double sum_scale = static_cast<double>(in.scale) * scale;
    requantization_.set(c, round_to_int32(conv.bias()[c] / sum_scale), fixed_point_multiplier(sum_scale / out.scale));
  }
  output_codes(conv.activation(), out, requantization_);
}

void QuantizedDepthwiseConv::forward(const std::uint8_t* x, std::size_t height, std::size_t width,
                                     std::vector<std::uint8_t>& out, std::vector<std::int32_t>& sums) const {
  const SamePadding py = same_padding(height, kernel_, stride_);
  const SamePadding px = same_padding(width, kernel_, stride_);
  const std::size_t c_count = channels_;
  out.resize(py.out * px.out * c_count);
  sums.resize(c_count);
  const simd::RequantizeU8 requantization = requantization_.view();
  constexpr std::size_t kMaxTaps = kMaxDepthwiseKernel * kMaxDepthwiseKernel;
  std::array<const std::uint8_t*, kMaxTaps> inputs{};
  std::array<const std::int8_t*, kMaxTaps> weights{};
  for_each_window(height, width, kernel_, stride_, [&](const Window& w) {
    std::size_t taps = 0;
    for (std::size_t ky = w.ky_begin; ky < w.ky_end; ++ky) {
      const std::uint8_t* in_row = x + (w.top + ky) * width * c_count;
      for (std::size_t kx = w.kx_begin; kx < w.kx_end; ++kx) {
        inputs[taps] = in_row + (w.left + kx) * c_count;
        weights[taps] = weight_.data() + (ky * kernel_ + kx) * c_count;
        ++taps;
      }
    }
    kernels_->window(inputs.data(), weights.data(), taps, in_.zero, sums.data(), c_count);
    requantize_->row(sums.data(), c_count, requantization, out.data() + w.pixel * c_count);
  });
}

}  // namespace ruvector::embed
