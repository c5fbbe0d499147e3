#include "ruvector/embed/efficientnet_lite.hpp"

#include <cmath>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

namespace {

// EfficientNet-Lite0's stages (efficientnet_lite_builder.py): repeats, kernel, first stride,
// expansion ratio, output channels. The stem has 32 channels; width and depth are not scaled.
struct Stage {
  std::size_t repeats, kernel, stride, expand, out;
};
constexpr Stage kLite0Stages[] = {
    {1, 3, 1, 1, 16},  {2, 3, 2, 6, 24},  {2, 5, 2, 6, 40},  {3, 3, 2, 6, 80},
    {3, 5, 1, 6, 112}, {4, 5, 2, 6, 192}, {1, 3, 1, 6, 320},
};
constexpr std::size_t kStemChannels = 32;

// A convolution weight with the batch norm after it folded in: w'[o] = w[o] * g / sqrt(v + eps),
// b'[o] = beta - mean * g / sqrt(v + eps), computed in double so the fold adds no rounding of its own.
struct Folded {
  std::vector<float> weight;
  std::vector<float> bias;
};

Folded fold(const Safetensors& w, const std::string& conv, const std::string& bn,
            const std::vector<std::size_t>& shape) {
  const std::size_t out = shape[0];
  const FloatTensor weight = w.floats(conv + ".weight", shape);
  const FloatTensor gamma = w.floats(bn + ".weight", {out});
  const FloatTensor beta = w.floats(bn + ".bias", {out});
  const FloatTensor mean = w.floats(bn + ".running_mean", {out});
  const FloatTensor var = w.floats(bn + ".running_var", {out});
  Folded f;
  f.weight.resize(weight.values.size());
  f.bias.resize(out);
  const std::size_t per_out = weight.values.size() / out;
  for (std::size_t o = 0; o < out; ++o) {
    const double scale = static_cast<double>(gamma.values[o]) /
                         std::sqrt(static_cast<double>(var.values[o]) + double{EfficientNetLite::kBatchNormEps});
    for (std::size_t i = 0; i < per_out; ++i)
      f.weight[o * per_out + i] = static_cast<float>(weight.values[o * per_out + i] * scale);
    f.bias[o] = static_cast<float>(beta.values[o] - mean.values[o] * scale);
  }
  return f;
}

DenseConv dense(const Safetensors& w, const std::string& conv, const std::string& bn, std::size_t in, std::size_t out,
                std::size_t kernel, std::size_t stride, Activation activation, const simd::MlKernels& kernels) {
  const Folded f = fold(w, conv, bn, {out, in, kernel, kernel});
  return {f.weight.data(), f.bias.data(), in, out, kernel, stride, activation, kernels};
}

}  // namespace

EfficientNetLite::EfficientNetLite(const Safetensors& weights, const simd::MlKernels& kernels) : kernels_(&kernels) {
  const auto& w = weights;
  stem_ = dense(w, "_conv_stem", "_bn0", 3, kStemChannels, 3, 2, Activation::kRelu6, kernels);
  std::size_t in = kStemChannels;
  std::size_t index = 0;
  for (const Stage& stage : kLite0Stages) {
    for (std::size_t r = 0; r < stage.repeats; ++r, ++index) {
      const std::string p = "_blocks." + std::to_string(index) + ".";
      if (w.contains(p + "_se_reduce.weight"))
        throw_error(ErrorCode::kEmbedError, "block " + std::to_string(index) +
                                                " has squeeze-excitation weights: this is a full EfficientNet, "
                                                "only EfficientNet-Lite0 is supported");
      const std::size_t stride = r == 0 ? stage.stride : 1;
      const std::size_t hidden = in * stage.expand;
      Block b;
      b.has_expand = stage.expand != 1;
      if (b.has_expand)
        b.expand = dense(w, p + "_expand_conv", p + "_bn0", in, hidden, 1, 1, Activation::kRelu6, kernels);
      const Folded dw = fold(w, p + "_depthwise_conv", p + "_bn1", {hidden, 1, stage.kernel, stage.kernel});
      b.depthwise = DepthwiseConv(dw.weight.data(), dw.bias.data(), hidden, stage.kernel, stride, Activation::kRelu6);
      b.project = dense(w, p + "_project_conv", p + "_bn2", hidden, stage.out, 1, 1, Activation::kNone, kernels);
      b.residual = stride == 1 && in == stage.out;
      blocks_.push_back(std::move(b));
      in = stage.out;
    }
  }
  if (w.contains("_blocks." + std::to_string(index) + "._project_conv.weight"))
    throw_error(ErrorCode::kEmbedError, "the checkpoint has more than " + std::to_string(index) +
                                            " blocks: only EfficientNet-Lite0 is supported (Lite1-4 are deeper)");
  head_ = dense(w, "_conv_head", "_bn1", in, kFeatures, 1, 1, Activation::kRelu6, kernels);
  if (!w.contains("_fc.weight")) throw_error(ErrorCode::kEmbedError, "no tensor '_fc.weight' (the classifier)");
  const auto& fc_shape = w.info("_fc.weight").shape;
  if (fc_shape.size() != 2 || fc_shape[1] != kFeatures || fc_shape[0] == 0)
    throw_error(ErrorCode::kEmbedError, "tensor '_fc.weight' must have shape [classes, 1280]");
  num_classes_ = fc_shape[0];
  const FloatTensor fc = w.floats("_fc.weight", {num_classes_, kFeatures});
  const FloatTensor fc_bias = w.floats("_fc.bias", {num_classes_});
  classifier_ = simd::PackedB::from_transposed(fc.values.data(), num_classes_, kFeatures, kFeatures, kernels.nr);
  classifier_bias_.assign(fc_bias.values.begin(), fc_bias.values.end());
}

std::size_t EfficientNetLite::observed_tensors() const noexcept {
  std::size_t n = 1;
  for (const Block& block : blocks_) n += 2 + (block.has_expand ? 1 : 0) + (block.residual ? 1 : 0);
  return n;
}

void EfficientNetLite::classify(const float* features, float* logits) const {
  simd::gemm(features, 1, kFeatures, classifier_, classifier_bias_.data(), logits, num_classes_, *kernels_);
}

void EfficientNetLite::forward(const float* x, std::size_t height, std::size_t width, float* features, float* logits,
                               const ActivationObserver& observe) const {
  std::vector<float> a;
  std::vector<float> b;
  std::vector<float> c;
  std::vector<float> scratch;
  std::size_t tensor = 0;
  const auto seen = [&](const std::vector<float>& values) {
    if (observe) observe(tensor++, values);
  };
  stem_.forward(x, height, width, a, scratch);
  seen(a);
  std::size_t h = same_padding(height, 3, 2).out;
  std::size_t wd = same_padding(width, 3, 2).out;
  for (const Block& block : blocks_) {
    const float* input = a.data();
    if (block.has_expand) {
      block.expand.forward(a.data(), h, wd, b, scratch);
      seen(b);
      input = b.data();
    }
    block.depthwise.forward(input, h, wd, c);
    seen(c);
    const std::size_t oh = same_padding(h, block.depthwise.kernel(), block.depthwise.stride()).out;
    const std::size_t ow = same_padding(wd, block.depthwise.kernel(), block.depthwise.stride()).out;
    block.project.forward(c.data(), oh, ow, b, scratch);
    seen(b);
    if (block.residual) {
      for (std::size_t i = 0; i < b.size(); ++i) b[i] += a[i];
      seen(b);
    }
    a.swap(b);
    h = oh;
    wd = ow;
  }
  head_.forward(a.data(), h, wd, b, scratch);
  global_average_pool(b.data(), h * wd, EfficientNetLite::kFeatures, features);
  if (logits != nullptr) classify(features, logits);
}

}  // namespace ruvector::embed
