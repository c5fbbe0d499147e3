#include "ruvector/embed/conv2d.hpp"

#include <algorithm>

namespace ruvector::embed {

SamePadding same_padding(std::size_t in, std::size_t kernel, std::size_t stride) {
  SamePadding p;
  p.out = (in + stride - 1) / stride;
  const std::size_t needed = (p.out - 1) * stride + kernel;
  p.before = needed > in ? (needed - in) / 2 : 0;
  return p;
}

void global_average_pool(const float* x, std::size_t pixels, std::size_t channels, float* out) {
  std::vector<double> sums(channels, 0.0);
  for (std::size_t p = 0; p < pixels; ++p) {
    for (std::size_t c = 0; c < channels; ++c) sums[c] += x[p * channels + c];
  }
  for (std::size_t c = 0; c < channels; ++c) out[c] = static_cast<float>(sums[c] / static_cast<double>(pixels));
}

void relu6_inplace(float* y, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) y[i] = std::min(std::max(y[i], 0.0F), 6.0F);
}

DenseConv::DenseConv(const float* weight, const float* bias, std::size_t in, std::size_t out, std::size_t kernel,
                     std::size_t stride, Activation activation, const simd::MlKernels& kernels)
    : bias_(bias, bias + out),
      in_(in),
      out_(out),
      kernel_(kernel),
      stride_(stride),
      activation_(activation),
      kernels_(&kernels) {
  // [out][in][ky][kx] -> [out][ky][kx][in], the column order of an im2col row.
  const std::size_t taps = kernel * kernel;
  std::vector<float> reordered(out * taps * in);
  for (std::size_t o = 0; o < out; ++o) {
    for (std::size_t c = 0; c < in; ++c) {
      for (std::size_t t = 0; t < taps; ++t) reordered[(o * taps + t) * in + c] = weight[(o * in + c) * taps + t];
    }
  }
  weight_ = simd::PackedB::from_transposed(reordered.data(), out, taps * in, taps * in, kernels.nr);
}

void DenseConv::forward(const float* x, std::size_t height, std::size_t width, std::vector<float>& out,
                        std::vector<float>& scratch) const {
  const SamePadding py = same_padding(height, kernel_, stride_);
  const SamePadding px = same_padding(width, kernel_, stride_);
  const std::size_t pixels = py.out * px.out;
  out.resize(pixels * out_);
  const float* rows = x;
  std::size_t row_length = in_;
  if (kernel_ != 1 || stride_ != 1) {
    row_length = kernel_ * kernel_ * in_;
    gather_windows(x, height, width, in_, kernel_, stride_, 0.0F, scratch);
    rows = scratch.data();
  }
  simd::gemm(rows, pixels, row_length, weight_, bias_.data(), out.data(), out_, *kernels_);
  if (activation_ == Activation::kRelu6) relu6_inplace(out.data(), out.size());
}

DepthwiseConv::DepthwiseConv(const float* weight, const float* bias, std::size_t channels, std::size_t kernel,
                             std::size_t stride, Activation activation)
    : weight_(channels * kernel * kernel),
      bias_(bias, bias + channels),
      channels_(channels),
      kernel_(kernel),
      stride_(stride),
      activation_(activation) {
  const std::size_t taps = kernel * kernel;
  for (std::size_t c = 0; c < channels; ++c) {
    for (std::size_t t = 0; t < taps; ++t) weight_[t * channels + c] = weight[c * taps + t];
  }
}

void DepthwiseConv::forward(const float* x, std::size_t height, std::size_t width, std::vector<float>& out) const {
  const SamePadding py = same_padding(height, kernel_, stride_);
  const SamePadding px = same_padding(width, kernel_, stride_);
  const std::size_t c_count = channels_;
  out.resize(py.out * px.out * c_count);
  for_each_window(height, width, kernel_, stride_, [&](const Window& w) {
    float* acc = out.data() + w.pixel * c_count;
    std::copy(bias_.begin(), bias_.end(), acc);
    for (std::size_t ky = w.ky_begin; ky < w.ky_end; ++ky) {
      const float* in_row = x + (w.top + ky) * width * c_count;
      for (std::size_t kx = w.kx_begin; kx < w.kx_end; ++kx) {
        const float* in = in_row + (w.left + kx) * c_count;
        const float* wt = weight_.data() + (ky * kernel_ + kx) * c_count;
        for (std::size_t c = 0; c < c_count; ++c) acc[c] += in[c] * wt[c];
      }
    }
    if (activation_ == Activation::kRelu6) relu6_inplace(acc, c_count);
  });
}

}  // namespace ruvector::embed
