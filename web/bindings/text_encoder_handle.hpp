// The Embind object behind JS TextEncoder, shared by its binding and the Collection binding (which
// embeds with it). The weights live in a heap buffer the JS wrapper allocated and handed over.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "guarded.hpp"
#include "ruvector/embed/text_encoder.hpp"

namespace ruvector::wasm {

// JS's quantize option as the core's WeightFormat: absent = the core's default; any other value is
// given to the core's parser as its string form, so 8 is refused as "got '8'" like a wrong name.
inline embed::WeightFormat weight_format_arg(const emscripten::val& quantize) {
  if (quantize.isUndefined() || quantize.isNull()) return embed::kDefaultWeightFormat;
  return embed::parse_weight_format(emscripten::val::global("String")(quantize).as<std::string>());
}

class TextEncoderHandle {
 public:
  // files: the model's text files keyed by their paths in the model directory ('config.json',
  // '1_Pooling/config.json', ...), each a string or a Uint8Array; the core picks what it reads.
  // `weights` (model.safetensors) was malloc'ed by the wrapper: the handle owns it from this call
  // on, whether loading succeeds or not. `quantize`: undefined (the core's default) or a format
  // name the core parses.
  emscripten::val init(const emscripten::val& files, std::uintptr_t weights, double weight_count,
                       const emscripten::val& quantize) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): a heap offset from JS
    std::shared_ptr<const void> owner(reinterpret_cast<void*>(weights),
                                      [](const void* p) { std::free(const_cast<void*>(p)); });
    return guarded([&] {
      const auto texts = embed::TextEncoderTexts::read([&](const std::string& name) { return text_of(files[name]); });
      const auto bytes = heap_span<std::uint8_t>(weights, static_cast<std::size_t>(weight_count));
      encoder_ = embed::TextEncoder::from_files(texts.files(owner, bytes), weight_format_arg(quantize));
      return emscripten::val::undefined();
    });
  }

  [[nodiscard]] std::shared_ptr<const embed::TextEncoder> shared() const { return encoder_; }

 private:
  // A file's bytes as the core reads them natively: a string (UTF-8) or a Uint8Array copied as is.
  static std::string text_of(const emscripten::val& file) {
    if (file.isUndefined() || file.isNull()) return {};
    if (file.isString()) return file.as<std::string>();
    std::string bytes(file["length"].as<std::size_t>(), '\0');
    emscripten::val(emscripten::typed_memory_view(bytes.size(), reinterpret_cast<unsigned char*>(bytes.data())))
        .call<void>("set", file);
    return bytes;
  }

  std::shared_ptr<const embed::TextEncoder> encoder_;
};

}  // namespace ruvector::wasm
