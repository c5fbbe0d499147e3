// Embind glue for HashEmbedder: type translation only. Texts arrive as one UTF-8 buffer plus n + 1
// offsets in the wasm heap (the JS wrapper encodes them); vectors leave as a Float32Array copy.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "guarded.hpp"
#include "ruvector/embed/hash_embedder.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

class HashEmbedderHandle {
 public:
  // The u64 seed travels as two u32 halves (the JS wrapper splits a bigint).
  val init(double dim, double ngram_min, double ngram_max, double seed_hi, double seed_lo) {
    return guarded([&] {
      HashEmbedderOptions options;
      options.dim = integer_arg(dim, "dim");
      options.ngram_min = integer_arg(ngram_min, "ngramMin");
      options.ngram_max = integer_arg(ngram_max, "ngramMax");
      const auto hi = static_cast<std::uint64_t>(integer_arg(seed_hi, "seed (high word)", 0));
      const auto lo = static_cast<std::uint64_t>(integer_arg(seed_lo, "seed (low word)", 0));
      options.seed = (hi << 32U) | (lo & 0xFFFFFFFFU);
      embedder_ = std::make_unique<HashEmbedder>(options);
      return val::undefined();
    });
  }

  val embed(std::uintptr_t bytes, double byte_count, std::uintptr_t offsets, double offset_count) {
    return guarded([&] {
      const auto span = heap_span<char>(bytes, static_cast<std::size_t>(byte_count));
      const auto texts = split_texts(std::string_view(span.data(), span.size()),
                                     heap_span<std::uint32_t>(offsets, static_cast<std::size_t>(offset_count)));
      const std::vector<float> out = embedder_->embed(texts, 1);
      return copy_to_js("Float32Array", out.data(), out.size());
    });
  }

  [[nodiscard]] double dim() const { return static_cast<double>(embedder_->dim()); }
  [[nodiscard]] double ngram_min() const { return static_cast<double>(embedder_->ngram_min()); }
  [[nodiscard]] double ngram_max() const { return static_cast<double>(embedder_->ngram_max()); }

 private:
  std::unique_ptr<HashEmbedder> embedder_;
};

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_embed) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::class_<HashEmbedderHandle>("HashEmbedderHandle")
      .constructor<>()
      .function("init", &HashEmbedderHandle::init)
      .function("embed", &HashEmbedderHandle::embed)
      .function("dim", &HashEmbedderHandle::dim)
      .function("ngramMin", &HashEmbedderHandle::ngram_min)
      .function("ngramMax", &HashEmbedderHandle::ngram_max);
}
