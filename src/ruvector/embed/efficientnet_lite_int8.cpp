#include "ruvector/embed/efficientnet_lite_int8.hpp"

#include <cmath>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::embed {

EfficientNetLiteInt8::EfficientNetLiteInt8(const EfficientNetLite& model, std::span<const ActivationRange> ranges,
                                           const simd::I8Kernels& kernels,
                                           const simd::DepthwiseI8Kernels& depthwise_kernels) {
  if (ranges.size() != model.observed_tensors())
    throw_error(ErrorCode::kInvalidInput, "INT8 calibration: expected " + std::to_string(model.observed_tensors()) +
                                              " activation ranges for EfficientNet-Lite0, got " +
                                              std::to_string(ranges.size()));
  std::size_t next = 0;
  const auto quantization = [&] {
    const ActivationRange r = ranges[next++];
    if (!std::isfinite(r.lo) || !std::isfinite(r.hi) || r.lo > 0 || r.hi < 0)
      throw_error(ErrorCode::kInvalidInput, "INT8 calibration: activation range " + std::to_string(next - 1) + " [" +
                                                std::to_string(r.lo) + ", " + std::to_string(r.hi) +
                                                "] must contain 0");
    return simd::row_quantization(r.lo, r.hi);
  };
  QuantParams current = quantization();
  stem_ = QuantizedDenseConv(model.stem(), kInputQuantization, current, kernels);
  for (const EfficientNetLite::Block& fp32 : model.blocks()) {
    Block b;
    b.has_expand = fp32.has_expand;
    b.residual = fp32.residual;
    const QuantParams block_in = current;
    if (b.has_expand) {
      const QuantParams expanded = quantization();
      b.expand = QuantizedDenseConv(fp32.expand, current, expanded, kernels);
      current = expanded;
    }
    const QuantParams depthwise = quantization();
    b.depthwise = QuantizedDepthwiseConv(fp32.depthwise, current, depthwise, depthwise_kernels);
    const QuantParams projected = quantization();
    b.project = QuantizedDenseConv(fp32.project, depthwise, projected, kernels);
    current = projected;
    if (b.residual) {
      const QuantParams sum = quantization();
      b.add = QuantizedAdd(block_in.scale, block_in.zero, projected.scale, projected.zero, sum.scale, sum.zero);
      current = sum;
    }
    blocks_.push_back(std::move(b));
  }
  // The head's output is not quantized: its parameters only matter for forward(), never used.
  head_ = QuantizedDenseConv(model.head(), current, {1.0F, 0}, kernels);
}

void EfficientNetLiteInt8::forward(const float* x, std::size_t height, std::size_t width, float* features,
                                   Int8Workspace& work) const {
  std::vector<std::uint8_t>& input = work.input;
  std::vector<std::uint8_t>& a = work.a;
  std::vector<std::uint8_t>& b = work.b;
  std::vector<std::uint8_t>& c = work.c;
  Int8Scratch& scratch = work.scratch;
  input.resize(height * width * 3);
  quantize_tensor(x, input.size(), kInputQuantization, input.data());
  stem_.forward(input.data(), height, width, a, scratch);
  std::size_t h = same_padding(height, 3, 2).out;
  std::size_t wd = same_padding(width, 3, 2).out;
  for (const Block& block : blocks_) {
    const std::uint8_t* in = a.data();
    if (block.has_expand) {
      block.expand.forward(a.data(), h, wd, b, scratch);
      in = b.data();
    }
    block.depthwise.forward(in, h, wd, c, scratch.sums);
    const std::size_t oh = same_padding(h, block.depthwise.kernel(), block.depthwise.stride()).out;
    const std::size_t ow = same_padding(wd, block.depthwise.kernel(), block.depthwise.stride()).out;
    block.project.forward(c.data(), oh, ow, b, scratch);
    if (block.residual) block.add.apply(a.data(), b.data(), b.size(), b.data());
    a.swap(b);
    h = oh;
    wd = ow;
  }
  head_.forward_float(a.data(), h, wd, work.head, scratch);
  global_average_pool(work.head.data(), h * wd, EfficientNetLite::kFeatures, features);
}

}  // namespace ruvector::embed
