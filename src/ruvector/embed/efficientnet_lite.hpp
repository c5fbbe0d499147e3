// EfficientNet-Lite0 (Tan & Le 2019, the "lite" variant for mobile: no squeeze-excitation, ReLU6,
// stem and head not scaled) on fp32 weights with every batch norm folded into its convolution.
// Weights are a PyTorch state_dict in the naming of efficientnet_lite_pytorch / EfficientNet-PyTorch
// (_conv_stem, _bn0, _blocks.N._expand_conv/_bn0/_depthwise_conv/_bn1/_project_conv/_bn2,
// _conv_head, _bn1, _fc), read from safetensors; a tensor of another shape, a missing one or a
// squeeze-excitation block (a non-lite EfficientNet) is an EmbedError naming it.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "ruvector/embed/conv2d.hpp"
#include "ruvector/embed/safetensors.hpp"
#include "ruvector/simd/gemm.hpp"

namespace ruvector::embed {

// Called with each activation tensor the static INT8 model quantizes, numbered in forward order:
// the stem's output, then per block the expansion's (when it has one), the depthwise's, the
// projection's and, for a residual block, the sum's.
using ActivationObserver = std::function<void(std::size_t tensor, std::span<const float> values)>;

class EfficientNetLite {
 public:
  static constexpr std::size_t kFeatures = 1280;  // channels of the head = embedding size
  static constexpr float kBatchNormEps = 1e-3F;

  EfficientNetLite(const Safetensors& weights, const simd::MlKernels& kernels);

  // x: height x width x 3 normalised floats. features: kFeatures floats, the global average pool of
  // the head's activations. logits (when not null): num_classes() floats of the classifier.
  void forward(const float* x, std::size_t height, std::size_t width, float* features, float* logits,
               const ActivationObserver& observe = {}) const;
  // logits = the classifier of kFeatures pooled features.
  void classify(const float* features, float* logits) const;

  [[nodiscard]] std::size_t num_classes() const noexcept { return num_classes_; }

  struct Block {
    bool has_expand = false;
    bool residual = false;
    DenseConv expand;
    DepthwiseConv depthwise;
    DenseConv project;
  };
  [[nodiscard]] const DenseConv& stem() const noexcept { return stem_; }
  [[nodiscard]] const std::vector<Block>& blocks() const noexcept { return blocks_; }
  [[nodiscard]] const DenseConv& head() const noexcept { return head_; }
  // How many tensors forward() shows an ActivationObserver.
  [[nodiscard]] std::size_t observed_tensors() const noexcept;

 private:
  DenseConv stem_;
  std::vector<Block> blocks_;
  DenseConv head_;
  simd::PackedB classifier_;
  std::vector<float> classifier_bias_;
  std::size_t num_classes_ = 0;
  const simd::MlKernels* kernels_;
};

}  // namespace ruvector::embed
