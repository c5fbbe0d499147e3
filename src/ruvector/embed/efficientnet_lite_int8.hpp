// EfficientNet-Lite0 in static INT8 (conv2d_int8.hpp), built from the fp32 model (its folded
// weights: one batch-norm fold for both) and one calibrated range per activation tensor, in the
// order EfficientNetLite::forward shows them to an ActivationObserver.
//
// The input is quantized with scale 1/128 and zero point 127: the preprocessing's (x - 127) / 128
// of 8-bit pixels is then the identity on codes (a resized pixel rounds to the nearest code). The
// head's int32 sums are dequantized to floats (ReLU6 in float) and average-pooled in double: the
// pooled features are the embedding, and the fp32 classifier reads them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ruvector/embed/calibration.hpp"
#include "ruvector/embed/conv2d_int8.hpp"
#include "ruvector/embed/efficientnet_lite.hpp"
#include "ruvector/embed/requantize.hpp"

namespace ruvector::embed {

// The buffers of EfficientNetLiteInt8::forward, kept across the images of a batch (a fresh
// multi-megabyte allocation per image costs its page faults every time).
struct Int8Workspace {
  std::vector<std::uint8_t> input;
  std::vector<std::uint8_t> a;
  std::vector<std::uint8_t> b;
  std::vector<std::uint8_t> c;
  std::vector<float> head;
  Int8Scratch scratch;
};

class EfficientNetLiteInt8 {
 public:
  static constexpr QuantParams kInputQuantization{1.0F / 128.0F, 127};

  // InvalidInput unless ranges.size() == model.observed_tensors().
  EfficientNetLiteInt8(const EfficientNetLite& model, std::span<const ActivationRange> ranges,
                       const simd::I8Kernels& kernels, const simd::DepthwiseI8Kernels& depthwise_kernels);

  // x: height x width x 3 normalised floats; features: EfficientNetLite::kFeatures floats.
  void forward(const float* x, std::size_t height, std::size_t width, float* features, Int8Workspace& work) const;

 private:
  struct Block {
    bool has_expand = false;
    bool residual = false;
    QuantizedDenseConv expand;
    QuantizedDepthwiseConv depthwise;
    QuantizedDenseConv project;
    QuantizedAdd add;
  };

  QuantizedDenseConv stem_;
  std::vector<Block> blocks_;
  QuantizedDenseConv head_;
};

}  // namespace ruvector::embed
