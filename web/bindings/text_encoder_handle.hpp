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
  // files: {config, tokenizer, vocab, tokenizerConfig, sentenceBertConfig, modules, poolingConfig}
  // ('' = absent). `weights` (model.safetensors) was malloc'ed by the wrapper: the handle owns it
  // from this call on, whether loading succeeds or not. `quantize`: undefined (the core's default) or
  // a format name the core parses.
  emscripten::val init(const emscripten::val& files, std::uintptr_t weights, double weight_count,
                       const emscripten::val& quantize) {
    // NOLINTNEXTLINE(performance-no-int-to-ptr): a heap offset from JS
    std::shared_ptr<const void> owner(reinterpret_cast<void*>(weights),
                                      [](const void* p) { std::free(const_cast<void*>(p)); });
    return guarded([&] {
      const auto text = [&](const char* key) { return files[key].as<std::string>(); };
      const std::string config = text("config");
      const std::string tokenizer = text("tokenizer");
      const std::string vocab = text("vocab");
      const std::string tokenizer_config = text("tokenizerConfig");
      const std::string st_config = text("sentenceBertConfig");
      const std::string modules = text("modules");
      const std::string pooling = text("poolingConfig");
      embed::TextEncoderFiles f;
      f.config_json = config;
      f.tokenizer_json = tokenizer;
      f.vocab_txt = vocab;
      f.tokenizer_config_json = tokenizer_config;
      f.sentence_bert_config_json = st_config;
      f.modules_json = modules;
      f.pooling_config_json = pooling;
      f.weights = heap_span<std::uint8_t>(weights, static_cast<std::size_t>(weight_count));
      f.weights_owner = owner;
      encoder_ = embed::TextEncoder::from_files(f, weight_format_arg(quantize));
      return emscripten::val::undefined();
    });
  }

  [[nodiscard]] std::shared_ptr<const embed::TextEncoder> shared() const { return encoder_; }

 private:
  std::shared_ptr<const embed::TextEncoder> encoder_;
};

}  // namespace ruvector::wasm
