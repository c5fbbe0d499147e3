// The convolutions of a mobile CNN on NHWC float tensors (one image: height x width x channels,
// channels fastest), with TensorFlow's "SAME" padding (output = ceil(input / stride), the padding
// split with the extra row/column after, as EfficientNet's checkpoints were trained with).
//
// Dense convolutions go through the fp32 GEMM of simd/gemm.hpp: a 1x1 convolution is the GEMM itself
// (pixels x in-channels times in x out), a k x k one first gathers each output pixel's receptive
// field into a row (im2col). Depthwise convolutions have no reduction across channels, so they run
// as their own loop whose innermost dimension is the channel (contiguous in NHWC: vectorisable).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include "ruvector/simd/gemm.hpp"

namespace ruvector::embed {

enum class Activation { kNone, kRelu6 };

// TensorFlow SAME padding of one spatial dimension.
struct SamePadding {
  std::size_t out = 0;     // ceil(in / stride)
  std::size_t before = 0;  // zero rows (or columns) added in front; the rest of the total goes after
};
SamePadding same_padding(std::size_t in, std::size_t kernel, std::size_t stride);

// im2col of an NHWC tensor (float values or u8 codes): one row per output pixel of the kernel x
// kernel x channels input values it sees, rows ordered (ky, kx, c); `pad` where the window hangs
// over the padding (0.0F, or a u8 tensor's zero point: the code of 0).
template <class T>
void gather_windows(const T* x, std::size_t height, std::size_t width, std::size_t channels, std::size_t kernel,
                    std::size_t stride, T pad, std::vector<T>& rows) {
  const SamePadding py = same_padding(height, kernel, stride);
  const SamePadding px = same_padding(width, kernel, stride);
  const std::size_t row_length = kernel * kernel * channels;
  rows.assign(py.out * px.out * row_length, pad);
  for (std::size_t oy = 0; oy < py.out; ++oy) {
    for (std::size_t ox = 0; ox < px.out; ++ox) {
      T* row = rows.data() + (oy * px.out + ox) * row_length;
      for (std::size_t ky = 0; ky < kernel; ++ky) {
        const std::size_t iy = oy * stride + ky;  // in padded coordinates
        if (iy < py.before || iy - py.before >= height) continue;
        for (std::size_t kx = 0; kx < kernel; ++kx) {
          const std::size_t ix = ox * stride + kx;
          if (ix < px.before || ix - px.before >= width) continue;
          const T* src = x + ((iy - py.before) * width + (ix - px.before)) * channels;
          std::copy(src, src + channels, row + (ky * kernel + kx) * channels);
        }
      }
    }
  }
}

// The taps of one output pixel of a k x k SAME convolution that land inside the image: tap (ky, kx)
// for ky in [ky_begin, ky_end), kx in [kx_begin, kx_end) reads input row top + ky, column left + kx
// (top and left are in image coordinates and may be "negative", i.e. wrap, when padding is in front;
// the sums with an in-range tap do not).
struct Window {
  std::size_t pixel, ky_begin, ky_end, kx_begin, kx_end, top, left;
};

// visit(window) for every output pixel, row by row.
template <class Visit>
void for_each_window(std::size_t height, std::size_t width, std::size_t kernel, std::size_t stride, Visit&& visit) {
  const SamePadding py = same_padding(height, kernel, stride);
  const SamePadding px = same_padding(width, kernel, stride);
  for (std::size_t oy = 0; oy < py.out; ++oy) {
    const std::size_t top = oy * stride;  // in padded coordinates
    const std::size_t ky_begin = top < py.before ? py.before - top : 0;
    const std::size_t ky_end = std::min(kernel, height + py.before - top);
    for (std::size_t ox = 0; ox < px.out; ++ox) {
      const std::size_t left = ox * stride;
      const std::size_t kx_begin = left < px.before ? px.before - left : 0;
      const std::size_t kx_end = std::min(kernel, width + px.before - left);
      visit(Window{oy * px.out + ox, ky_begin, ky_end, kx_begin, kx_end, top - py.before, left - px.before});
    }
  }
}

// A dense convolution with its batch norm folded in: out = act(conv(x, w) + bias).
class DenseConv {
 public:
  DenseConv() = default;
  // weight: PyTorch layout [out][in][kernel][kernel]; bias: out floats.
  DenseConv(const float* weight, const float* bias, std::size_t in, std::size_t out, std::size_t kernel,
            std::size_t stride, Activation activation, const simd::MlKernels& kernels);

  // x: height x width x in(); out is resized to out_height x out_width x out(). `scratch` holds the
  // im2col rows of a k x k convolution between calls.
  void forward(const float* x, std::size_t height, std::size_t width, std::vector<float>& out,
               std::vector<float>& scratch) const;

  [[nodiscard]] std::size_t in() const noexcept { return in_; }
  [[nodiscard]] std::size_t out() const noexcept { return out_; }
  [[nodiscard]] std::size_t kernel() const noexcept { return kernel_; }
  [[nodiscard]] std::size_t stride() const noexcept { return stride_; }
  [[nodiscard]] Activation activation() const noexcept { return activation_; }
  [[nodiscard]] const std::vector<float>& bias() const noexcept { return bias_; }
  // The folded weights as out() rows of kernel * kernel * in() floats, ordered (ky, kx, c).
  [[nodiscard]] std::vector<float> weight_rows() const { return weight_.unpack_transposed(); }

 private:
  simd::PackedB weight_;  // B = im2col weight^T: (kernel * kernel * in) x out, rows ordered (ky, kx, c)
  std::vector<float> bias_;
  std::size_t in_ = 0;
  std::size_t out_ = 0;
  std::size_t kernel_ = 1;
  std::size_t stride_ = 1;
  Activation activation_ = Activation::kNone;
  const simd::MlKernels* kernels_ = nullptr;
};

// A depthwise convolution (one k x k filter per channel) with its batch norm folded in.
class DepthwiseConv {
 public:
  DepthwiseConv() = default;
  // weight: PyTorch layout [channels][1][kernel][kernel]; bias: channels floats.
  DepthwiseConv(const float* weight, const float* bias, std::size_t channels, std::size_t kernel, std::size_t stride,
                Activation activation);

  void forward(const float* x, std::size_t height, std::size_t width, std::vector<float>& out) const;

  [[nodiscard]] std::size_t channels() const noexcept { return channels_; }
  [[nodiscard]] std::size_t kernel() const noexcept { return kernel_; }
  [[nodiscard]] std::size_t stride() const noexcept { return stride_; }
  [[nodiscard]] Activation activation() const noexcept { return activation_; }
  [[nodiscard]] const std::vector<float>& bias() const noexcept { return bias_; }
  // The folded weights, [ky][kx][channel].
  [[nodiscard]] const std::vector<float>& weights() const noexcept { return weight_; }

 private:
  std::vector<float> weight_;  // [ky][kx][channel]: the innermost loop reads it contiguously
  std::vector<float> bias_;
  std::size_t channels_ = 0;
  std::size_t kernel_ = 1;
  std::size_t stride_ = 1;
  Activation activation_ = Activation::kNone;
};

// out[c] = the mean over `pixels` of x[p * channels + c], summed in double.
void global_average_pool(const float* x, std::size_t pixels, std::size_t channels, float* out);

// y[i] = min(max(y[i], 0), 6).
void relu6_inplace(float* y, std::size_t n);

}  // namespace ruvector::embed
