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
    gather_windows(x, height, width, py, px, scratch);
    rows = scratch.data();
  }
  simd::gemm(rows, pixels, row_length, weight_, bias_.data(), out.data(), out_, *kernels_);
  if (activation_ == Activation::kRelu6) relu6_inplace(out.data(), out.size());
}

void DenseConv::gather_windows(const float* x, std::size_t height, std::size_t width, const SamePadding& py,
                               const SamePadding& px, std::vector<float>& rows) const {
  const std::size_t row_length = kernel_ * kernel_ * in_;
  rows.assign(py.out * px.out * row_length, 0.0F);
  for (std::size_t oy = 0; oy < py.out; ++oy) {
    for (std::size_t ox = 0; ox < px.out; ++ox) {
      float* row = rows.data() + (oy * px.out + ox) * row_length;
      for (std::size_t ky = 0; ky < kernel_; ++ky) {
        const std::size_t iy = oy * stride_ + ky;  // in padded coordinates
        if (iy < py.before || iy - py.before >= height) continue;
        for (std::size_t kx = 0; kx < kernel_; ++kx) {
          const std::size_t ix = ox * stride_ + kx;
          if (ix < px.before || ix - px.before >= width) continue;
          const float* src = x + ((iy - py.before) * width + (ix - px.before)) * in_;
          std::copy(src, src + in_, row + (ky * kernel_ + kx) * in_);
        }
      }
    }
  }
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
  for (std::size_t oy = 0; oy < py.out; ++oy) {
    // The kernel rows that land inside the image for this output row.
    const std::size_t top = oy * stride_;
    const std::size_t ky_begin = top < py.before ? py.before - top : 0;
    const std::size_t ky_end = std::min(kernel_, height + py.before - top);
    for (std::size_t ox = 0; ox < px.out; ++ox) {
      const std::size_t left = ox * stride_;
      const std::size_t kx_begin = left < px.before ? px.before - left : 0;
      const std::size_t kx_end = std::min(kernel_, width + px.before - left);
      float* acc = out.data() + (oy * px.out + ox) * c_count;
      std::copy(bias_.begin(), bias_.end(), acc);
      for (std::size_t ky = ky_begin; ky < ky_end; ++ky) {
        const float* in_row = x + (top + ky - py.before) * width * c_count;
        for (std::size_t kx = kx_begin; kx < kx_end; ++kx) {
          const float* in = in_row + (left + kx - px.before) * c_count;
          const float* w = weight_.data() + (ky * kernel_ + kx) * c_count;
          for (std::size_t c = 0; c < c_count; ++c) acc[c] += in[c] * w[c];
        }
      }
      if (activation_ == Activation::kRelu6) relu6_inplace(acc, c_count);
    }
  }
}

}  // namespace ruvector::embed
