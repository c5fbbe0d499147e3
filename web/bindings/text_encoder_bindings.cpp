// Embind glue for the core TextEncoder (a sentence-transformers BERT-family model): type translation
// only. Texts arrive as one UTF-8 buffer plus n + 1 offsets in the wasm heap; vectors leave as a
// Float32Array copy. Progress reaches JS through progress.hpp.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "guarded.hpp"
#include "progress.hpp"
#include "ruvector/embed/hash_embedder.hpp"
#include "ruvector/embed/text_encoder.hpp"
#include "text_encoder_handle.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

val embed_texts(TextEncoderHandle& self, std::uintptr_t bytes, double byte_count, std::uintptr_t offsets,
                double offset_count, double batch_size, const val& progress, const std::string& prompt_name) {
  return guarded([&] {
    const auto span = heap_span<char>(bytes, static_cast<std::size_t>(byte_count));
    const auto texts = split_texts(std::string_view(span.data(), span.size()),
                                   heap_span<std::uint32_t>(offsets, static_cast<std::size_t>(offset_count)));
    const auto batch = static_cast<std::size_t>(integer_arg(batch_size, "batchSize"));
    const std::vector<float> out = self.shared()->embed(texts, batch, js_progress(progress), nullptr, prompt_name);
    return copy_to_js("Float32Array", out.data(), out.size());
  });
}

val tokenize_text(TextEncoderHandle& self, const std::string& text, const std::string& prompt_name) {
  return guarded([&] {
    const std::vector<std::int32_t> ids = self.shared()->tokenize(text, prompt_name);
    return copy_to_js("Int32Array", ids.data(), ids.size());
  });
}

// The named prompts as a plain object, in the model's order.
val encoder_prompts(const TextEncoderHandle& self) {
  val out = val::object();
  for (const auto& [name, text] : self.shared()->prompts().named) out.set(name, text);
  return out;
}
std::string encoder_default_prompt_name(const TextEncoderHandle& self) {
  return self.shared()->prompts().default_name;
}

double encoder_dim(const TextEncoderHandle& self) {
  return static_cast<double>(self.shared()->dim());
}
double encoder_max_seq_length(const TextEncoderHandle& self) {
  return static_cast<double>(self.shared()->max_seq_length());
}
std::string encoder_pooling(const TextEncoderHandle& self) {
  return std::string(embed::pooling_name(self.shared()->pooling()));
}
bool encoder_normalize(const TextEncoderHandle& self) {
  return self.shared()->normalize();
}
std::string encoder_quantize(const TextEncoderHandle& self) {
  return std::string(embed::weight_format_name(self.shared()->model().weight_format()));
}
double default_batch_size() {
  return static_cast<double>(embed::TextEncoder::kDefaultBatchSize);
}

// The Pooling module's directory named by modules.json, so the JS loader knows which config to fetch.
val pooling_module_path(const std::string& modules_json) {
  return guarded([&] { return val(embed::pooling_module_path(modules_json)); });
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_text_encoder) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::function("textEncoderPoolingPath", &pooling_module_path);
  emscripten::function("textEncoderDefaultBatchSize", &default_batch_size);
  emscripten::class_<TextEncoderHandle>("TextEncoderHandle")
      .constructor<>()
      .function("init", &TextEncoderHandle::init)
      .function("embed", &embed_texts)
      .function("tokenize", &tokenize_text)
      .function("dim", &encoder_dim)
      .function("maxSeqLength", &encoder_max_seq_length)
      .function("pooling", &encoder_pooling)
      .function("normalize", &encoder_normalize)
      .function("prompts", &encoder_prompts)
      .function("defaultPromptName", &encoder_default_prompt_name)
      .function("quantize", &encoder_quantize);
}
