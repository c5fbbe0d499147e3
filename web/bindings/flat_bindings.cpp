// Embind glue for the distance kernels and FlatIndex: type translation only. Arrays arrive as heap
// offsets of buffers the JS wrapper allocated (one copy in, one copy out).
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "results.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/version.hpp"
#include "ruvector/flat/flat_index.hpp"
#include "ruvector/simd/distance_matrix.hpp"
#include "ruvector/simd/kernels.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

class FlatIndexHandle {
 public:
  val init(double dim, const std::string& metric) {
    return guarded([&] {
      index_ = std::make_unique<FlatIndex>(checked_dim(integer_arg(dim, "dim")), parse_metric(metric));
      return val::undefined();
    });
  }
  val add(std::uintptr_t vectors, double count, std::uintptr_t ids, double id_count) {
    return guarded([&] {
      index_->add(heap_span<float>(vectors, static_cast<std::size_t>(count)),
                  heap_span<std::uint64_t>(ids, static_cast<std::size_t>(id_count)));
      return val::undefined();
    });
  }
  val remove(std::uintptr_t ids, double id_count) {
    return guarded([&] {
      return val(
          static_cast<double>(index_->remove(heap_span<std::uint64_t>(ids, static_cast<std::size_t>(id_count)))));
    });
  }
  val search(std::uintptr_t queries, double count, double k) {
    return guarded([&] {
      return search_results_to_js(
          index_->search(heap_span<float>(queries, static_cast<std::size_t>(count)), integer_arg(k, "k"), 1));
    });
  }
  [[nodiscard]] double size() const { return static_cast<double>(index_->size()); }
  [[nodiscard]] double dim() const { return static_cast<double>(index_->dim()); }
  [[nodiscard]] std::string metric() const { return std::string(metric_name(index_->metric())); }
  [[nodiscard]] double memory_bytes() const { return static_cast<double>(index_->memory_bytes()); }

 private:
  std::unique_ptr<FlatIndex> index_;
};

val distances(std::uintptr_t a, double a_count, std::uintptr_t b, double b_count, double dim,
              const std::string& metric) {
  return guarded([&] {
    const auto d = checked_dim(integer_arg(dim, "dim"));
    const auto rows_a = static_cast<std::size_t>(a_count) / d;
    const auto rows_b = static_cast<std::size_t>(b_count) / d;
    std::vector<float> out(rows_a * rows_b);
    distance_matrix(heap_span<float>(a, static_cast<std::size_t>(a_count)),
                    heap_span<float>(b, static_cast<std::size_t>(b_count)), d, parse_metric(metric), out, 1);
    return copy_to_js("Float32Array", out.data(), out.size());
  });
}

val hamming(std::uintptr_t a, double a_bytes, std::uintptr_t b, double b_bytes, double bytes) {
  return guarded([&] {
    const auto n = static_cast<std::size_t>(integer_arg(bytes, "bytesPerRow", 1));
    std::vector<std::uint32_t> out((static_cast<std::size_t>(a_bytes) / n) * (static_cast<std::size_t>(b_bytes) / n));
    hamming_matrix(heap_span<std::uint8_t>(a, static_cast<std::size_t>(a_bytes)),
                   heap_span<std::uint8_t>(b, static_cast<std::size_t>(b_bytes)), n, out, 1);
    return copy_to_js("Uint32Array", out.data(), out.size());
  });
}

val cpu_features_js() {
  const simd::CpuFeatures f = simd::cpu_features();
  val out = val::object();
  out.set("isa", std::string(simd::isa_name(simd::active_kernels().isa)));
  val available = val::array();
  for (const simd::Isa isa : simd::available_isas()) available.call<void>("push", std::string(simd::isa_name(isa)));
  out.set("available", available);
  for (const auto& [name, on] : f.named()) out.set(std::string(name), on);
  return out;
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_flat) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::class_<FlatIndexHandle>("FlatIndexHandle")
      .constructor<>()
      .function("init", &FlatIndexHandle::init)
      .function("add", &FlatIndexHandle::add)
      .function("remove", &FlatIndexHandle::remove)
      .function("search", &FlatIndexHandle::search)
      .function("size", &FlatIndexHandle::size)
      .function("dim", &FlatIndexHandle::dim)
      .function("metric", &FlatIndexHandle::metric)
      .function("memoryBytes", &FlatIndexHandle::memory_bytes);
  emscripten::function("distances", &distances);
  emscripten::function("hamming", &hamming);
  emscripten::function("cpuFeatures", &cpu_features_js);
  emscripten::function("version", +[] { return std::string(ruvector::version()); });
}
