// EfficientNet-Lite0 (Tan & Le 2019, the "lite" variant for mobile: no squeeze-excitation, ReLU6,
// stem and head not scaled) on fp32 weights with every batch norm folded into its convolution.
// Weights are a PyTorch state_dict in the naming of efficientnet_lite_pytorch / EfficientNet-PyTorch
// (_conv_stem, _bn0, _blocks.N._expand_conv/_bn0/_depthwise_conv/_bn1/_project_conv/_bn2,
// _conv_head, _bn1, _fc), read from safetensors; a tensor of another shape, a missing one or a
// squeeze-excitation block (a non-lite EfficientNet) is an EmbedError naming it.
#pragma once

#include <cstddef>
#include <vector>

#include "ruvector/embed/conv2d.hpp"
#include "ruvector/embed/safetensors.hpp"
#include "ruvector/simd/gemm.hpp"

namespace ruvector::embed {

class EfficientNetLite {
 public:
  static constexpr std::size_t kFeatures = 1280;  // channels of the head = embedding size
  static constexpr float kBatchNormEps = 1e-3F;

  EfficientNetLite(const Safetensors& weights, const simd::MlKernels& kernels);

  // x: height x width x 3 normalised floats. features: kFeatures floats, the global average pool of
  // the head's activations. logits (when not null): num_classes() floats of the classifier.
  void forward(const float* x, std::size_t height, std::size_t width, float* features, float* logits) const;

  [[nodiscard]] std::size_t num_classes() const noexcept { return num_classes_; }

 private:
  struct Block {
    bool has_expand = false;
    bool residual = false;
    DenseConv expand;
    DepthwiseConv depthwise;
    DenseConv project;
  };

  DenseConv stem_;
  std::vector<Block> blocks_;
  DenseConv head_;
  simd::PackedB classifier_;
  std::vector<float> classifier_bias_;
  std::size_t num_classes_ = 0;
  const simd::MlKernels* kernels_;
};

}  // namespace ruvector::embed
