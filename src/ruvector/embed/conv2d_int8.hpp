// The static INT8 convolutions of conv2d.hpp: u8 activations with a per-tensor scale and zero point
// (calibrated), s8 weights per output channel (symmetric, max |w| -> 127), int32 sums, and the
// fixed-point requantization of requantize.hpp into the next tensor's u8 codes. A ReLU6 is the
// clamp of the output codes to [code of 0, code of 6].
//
// A channel's weight scale is at least |bias| / (s_in * 2^30), so its int32 bias cannot saturate.
//
// Dense (1x1, and k x k through im2col padded with the input's zero point): the u8 x s8 GEMM tiles
// of simd/gemm_i8 (exact int32 on every ISA), the input zero point folded into the int32 bias:
//   bias_q[c] = round(bias[c] / (s_in * s_w[c])) - z_in * sum_k q_w[c, k].
// Depthwise: simd/depthwise_i8 subtracts the zero point from each code instead (the taps that hang
// over the border are skipped, so a folded term would be wrong at the edges), bias_q[c] =
// round(bias[c] / (s_in * s_w[c])).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ruvector/embed/conv2d.hpp"
#include "ruvector/embed/requantize.hpp"
#include "ruvector/simd/depthwise_i8.hpp"
#include "ruvector/simd/gemm_i8.hpp"
#include "ruvector/simd/requantize_u8.hpp"

namespace ruvector::embed {

// A u8 tensor's code: x ~ scale * (code - zero).
using QuantParams = simd::RowQuantization;

// u8 codes of x under q: round half away from zero, clamped to 0..255.
void quantize_tensor(const float* x, std::size_t n, QuantParams q, std::uint8_t* out) noexcept;

// A layer's per-channel requantization, as the arrays simd::RequantizeU8 points into.
struct ChannelRequantization {
  std::vector<std::int32_t> bias;
  std::vector<std::int32_t> m0;
  std::vector<std::int32_t> shift;
  std::int32_t zero = 0;
  std::int32_t lo = 0;
  std::int32_t hi = 255;

  void resize(std::size_t channels);
  void set(std::size_t c, std::int32_t bias_q, FixedPointMultiplier m);
  [[nodiscard]] simd::RequantizeU8 view() const noexcept {
    return {bias.data(), m0.data(), shift.data(), zero, lo, hi};
  }
};

// Reusable buffers of the INT8 convolutions.
struct Int8Scratch {
  std::vector<std::uint8_t> windows;
  std::vector<std::uint32_t> words;
  simd::I8TileScratch tile;
  std::vector<std::int32_t> sums;
};

class QuantizedDenseConv {
 public:
  QuantizedDenseConv() = default;
  QuantizedDenseConv(const DenseConv& conv, QuantParams in, QuantParams out, const simd::I8Kernels& kernels);

  // x: height x width x in codes; out: out_height x out_width x out codes.
  void forward(const std::uint8_t* x, std::size_t height, std::size_t width, std::vector<std::uint8_t>& out,
               Int8Scratch& scratch) const;
  // The same layer with float outputs: s_in * s_w[c] * (sum + bias_q[c]), the activation in float
  // (the head, whose output is pooled rather than passed on).
  void forward_float(const std::uint8_t* x, std::size_t height, std::size_t width, std::vector<float>& out,
                     Int8Scratch& scratch) const;

  [[nodiscard]] QuantParams output_quantization() const noexcept { return out_; }

 private:
  // Packs the (im2col) rows of x into scratch.words; returns the pixel count.
  std::size_t pack_input(const std::uint8_t* x, std::size_t height, std::size_t width, Int8Scratch& scratch) const;

  simd::PackedI8 weight_;
  ChannelRequantization requantization_;  // multipliers s_in * s_w[c] / s_out
  std::vector<float> sum_scale_;          // s_in * s_w[c]
  QuantParams in_{1.0F, 0};
  QuantParams out_{1.0F, 0};
  std::size_t in_channels_ = 0;
  std::size_t kernel_ = 1;
  std::size_t stride_ = 1;
  Activation activation_ = Activation::kNone;
  const simd::I8Kernels* kernels_ = nullptr;
  const simd::RequantizeU8Kernels* requantize_ = nullptr;
};

class QuantizedDepthwiseConv {
 public:
  QuantizedDepthwiseConv() = default;
  QuantizedDepthwiseConv(const DepthwiseConv& conv, QuantParams in, QuantParams out,
                         const simd::DepthwiseI8Kernels& kernels);

  void forward(const std::uint8_t* x, std::size_t height, std::size_t width, std::vector<std::uint8_t>& out,
               std::vector<std::int32_t>& sums) const;

  [[nodiscard]] QuantParams output_quantization() const noexcept { return out_; }
  [[nodiscard]] std::size_t kernel() const noexcept { return kernel_; }
  [[nodiscard]] std::size_t stride() const noexcept { return stride_; }

 private:
  std::vector<std::int8_t> weight_;  // [ky][kx][channel]
  ChannelRequantization requantization_;
  QuantParams in_{1.0F, 0};
  QuantParams out_{1.0F, 0};
  std::size_t channels_ = 0;
  std::size_t kernel_ = 1;
  std::size_t stride_ = 1;
  const simd::DepthwiseI8Kernels* kernels_ = nullptr;
  const simd::RequantizeU8Kernels* requantize_ = nullptr;
};

}  // namespace ruvector::embed
