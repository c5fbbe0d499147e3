// The convolutions of a mobile CNN on NHWC float tensors (one image: height x width x channels,
// channels fastest), with TensorFlow's "SAME" padding (output = ceil(input / stride), the padding
// split with the extra row/column after, as EfficientNet's checkpoints were trained with).
//
// Dense convolutions go through the fp32 GEMM of simd/gemm.hpp: a 1x1 convolution is the GEMM itself
// (pixels x in-channels times in x out), a k x k one first gathers each output pixel's receptive
// field into a row (im2col). Depthwise convolutions have no reduction across channels, so they run
// as their own loop whose innermost dimension is the channel (contiguous in NHWC: vectorisable).
#pragma once

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

 private:
  // im2col: one row per output pixel of the kernel_ x kernel_ x in_ input values it sees (zeros
  // where the window hangs over the padding).
  void gather_windows(const float* x, std::size_t height, std::size_t width, const SamePadding& py,
                      const SamePadding& px, std::vector<float>& rows) const;

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

 private:
  std::vector<float> weight_;  // [ky][kx][channel]: the innermost loop reads it contiguously
  std::vector<float> bias_;
  std::size_t channels_ = 0;
  std::size_t kernel_ = 1;
  std::size_t stride_ = 1;
  Activation activation_ = Activation::kNone;
};

// y[i] = min(max(y[i], 0), 6).
void relu6_inplace(float* y, std::size_t n);

}  // namespace ruvector::embed
