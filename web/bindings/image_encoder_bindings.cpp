// Embind glue for the core ImageEncoder (EfficientNet-Lite0): type translation only. The weights
// arrive in a heap buffer the JS wrapper allocated (the core packs them, so the buffer is freed once
// the model is built); images arrive as one heap buffer of packed pixels plus, per image, its byte
// count, height, width and channels; vectors leave as a Float32Array copy. Progress reaches JS
// through progress.hpp.
#include <emscripten/bind.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "progress.hpp"
#include "ruvector/embed/image_encoder.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

class ImageEncoderHandle {
 public:
  // `weights` (the .safetensors bytes) was malloc'ed by the wrapper; this call frees it.
  val init(std::uintptr_t weights, double weight_count, const std::string& name) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): a heap offset from JS
    std::shared_ptr<const void> owner(reinterpret_cast<void*>(weights),
                                      [](const void* p) { std::free(const_cast<void*>(p)); });
    return guarded([&] {
      encoder_ = embed::ImageEncoder::from_safetensors(
          std::move(owner), heap_span<std::uint8_t>(weights, static_cast<std::size_t>(weight_count)), name);
      return val::undefined();
    });
  }

  // `shapes`: 4 numbers per image (bytes, height, width, channels), the images packed in that order.
  val embed(std::uintptr_t pixels, double byte_count, const val& shapes, const val& progress) const {
    return guarded([&] {
      const auto views = image_views(pixels, byte_count, shapes);
      const std::vector<float> out = encoder_->embed(views, js_progress(progress));
      return copy_to_js("Float32Array", out.data(), out.size());
    });
  }

  val logits(std::uintptr_t pixels, double byte_count, const val& shapes, const val& progress) const {
    return guarded([&] {
      const auto views = image_views(pixels, byte_count, shapes);
      const std::vector<float> out = encoder_->logits(views, js_progress(progress));
      return copy_to_js("Float32Array", out.data(), out.size());
    });
  }

  // The calibration JSON of `images` (the same shapes as embed) by `method`.
  val calibrate(std::uintptr_t pixels, double byte_count, const val& shapes, const std::string& method,
                double percentile, const val& progress) const {
    return guarded([&] {
      const auto how = embed::calibration_method(method);
      const auto views = image_views(pixels, byte_count, shapes);
      return val(encoder_->calibrate(views, how, percentile, js_progress(progress)).to_json());
    });
  }

  // Makes `target` the static INT8 encoder of `calibration_json` over this one's weights.
  val quantize_into(ImageEncoderHandle& target, const std::string& calibration_json) const {
    return guarded([&] {
      target.encoder_ = encoder_->quantized(embed::ImageCalibration::from_json(calibration_json));
      return val::undefined();
    });
  }

  // The INT8 calibration JSON, or null for fp32.
  [[nodiscard]] val calibration() const {
    return encoder_->calibration() == nullptr ? val::null() : val(encoder_->calibration()->to_json());
  }

  [[nodiscard]] double dim() const { return static_cast<double>(embed::ImageEncoder::dim()); }
  [[nodiscard]] double num_classes() const { return static_cast<double>(encoder_->num_classes()); }
  [[nodiscard]] double input_size() const { return static_cast<double>(embed::ImageEncoder::kInputSize); }

 private:
  static std::vector<embed::ImageView> image_views(std::uintptr_t pixels, double byte_count, const val& shapes) {
    const auto all = heap_span<std::uint8_t>(pixels, static_cast<std::size_t>(byte_count));
    const auto n = static_cast<std::size_t>(shapes["length"].as<double>()) / 4;
    std::vector<embed::ImageView> views(n);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string which = "images[" + std::to_string(i) + "]";
      const auto field = [&](std::size_t k, const char* what) {
        return static_cast<std::size_t>(integer_arg(shapes[4 * i + k].as<double>(), which + "." + what, 0));
      };
      const std::size_t bytes = field(0, "data.length");
      if (bytes > all.size() - offset) throw_error(ErrorCode::kInvalidInput, which + ": pixels outside the buffer");
      views[i] = {all.subspan(offset, bytes), field(1, "height"), field(2, "width"), field(3, "channels")};
      offset += bytes;
    }
    return views;
  }

  std::shared_ptr<const embed::ImageEncoder> encoder_;
};

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_image_encoder) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::class_<ImageEncoderHandle>("ImageEncoderHandle")
      .constructor<>()
      .function("init", &ImageEncoderHandle::init)
      .function("embed", &ImageEncoderHandle::embed)
      .function("logits", &ImageEncoderHandle::logits)
      .function("calibrate", &ImageEncoderHandle::calibrate)
      .function("quantizeInto", &ImageEncoderHandle::quantize_into)
      .function("calibration", &ImageEncoderHandle::calibration)
      .function("dim", &ImageEncoderHandle::dim)
      .function("numClasses", &ImageEncoderHandle::num_classes)
      .function("inputSize", &ImageEncoderHandle::input_size);
}
