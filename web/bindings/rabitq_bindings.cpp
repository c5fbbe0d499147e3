// Embind glue for RabitqIndex: type translation only. Arrays arrive as heap offsets of buffers the JS
// wrapper allocated; results and serialized bytes leave as typed-array copies. Nothing throws into
// JS: errors come back as {error: {name, message}} records (guarded.hpp).
// Build progress reaches JS through progress.hpp.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "guarded.hpp"
#include "progress.hpp"
#include "results.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

using rabitq::RabitqIndex;

std::size_t count_arg(double count) {
  return static_cast<std::size_t>(count);
}  // a typed array's length

class RabitqIndexHandle {
 public:
  // The u64 seed travels as two u32 halves (the JS wrapper splits a number or bigint).
  val build(std::uintptr_t vectors, double count, double dim, std::uintptr_t ids, double id_count,
            const std::string& metric, double bits, double rerank_factor, double nlist, double nprobe, double seed_hi,
            double seed_lo, const std::string& rotation, const std::string& store, double target_recall, bool calibrate,
            val progress) {
    return guarded([&] {
      rabitq::BuildParams params;
      params.metric = parse_metric(metric);
      params.bits = rabitq::checked_bits(integer_arg(bits, "bits"));  // before the cast to int could wrap
      params.rerank_factor = rerank_factor;                           // NaN/Inf/< 1 are refused by the core
      params.nlist = integer_arg(nlist, "nlist");
      params.nprobe = integer_arg(nprobe, "nprobe");
      const auto hi = static_cast<std::uint64_t>(integer_arg(seed_hi, "seed (high word)", 0));
      const auto lo = static_cast<std::uint64_t>(integer_arg(seed_lo, "seed (low word)", 0));
      params.seed = (hi << 32U) | (lo & 0xFFFFFFFFU);
      params.rotation = rabitq::parse_rotation(rotation);
      params.store = rabitq::parse_store(store);
      params.threads = 1;
      params.target_recall = target_recall;  // NaN and out-of-range values are refused by the core
      params.calibrate = calibrate;
      const rabitq::Progress report = js_progress(progress);
      const std::size_t d = checked_dim(integer_arg(dim, "dim"));
      index_ = std::make_unique<RabitqIndex>(RabitqIndex::build(heap_span<float>(vectors, count_arg(count)), d,
                                                                heap_span<std::uint64_t>(ids, count_arg(id_count)),
                                                                params, report));
      return val::undefined();
    });
  }

  val deserialize(std::uintptr_t bytes, double count) {
    return guarded([&] {
      index_ =
          std::make_unique<RabitqIndex>(RabitqIndex::deserialize(heap_span<std::uint8_t>(bytes, count_arg(count))));
      return val::undefined();
    });
  }

  val add(std::uintptr_t vectors, double count, std::uintptr_t ids, double id_count) {
    return guarded([&] {
      index_->add(heap_span<float>(vectors, count_arg(count)), heap_span<std::uint64_t>(ids, count_arg(id_count)), 1);
      return val::undefined();
    });
  }

  val remove(std::uintptr_t ids, double id_count) {
    return guarded(
        [&] { return val(static_cast<double>(index_->remove(heap_span<std::uint64_t>(ids, count_arg(id_count))))); });
  }

  // nprobe 0 and rerank_factor 0 mean the index's defaults; target_recall counts if has_target_recall.
  val search(std::uintptr_t queries, double count, double k, double nprobe, double rerank_factor,
             bool has_target_recall, double target_recall) const {
    return guarded([&] {
      rabitq::SearchParams params{integer_arg(nprobe, "nprobe"), rerank_factor, 1};
      if (has_target_recall) params.target_recall = target_recall;
      return search_results_to_js(
          index_->search(heap_span<float>(queries, count_arg(count)), integer_arg(k, "k"), params));
    });
  }

  [[nodiscard]] val serialize() const {
    return guarded([&] {
      const std::vector<std::uint8_t> bytes = index_->serialize();
      return copy_to_js("Uint8Array", bytes.data(), bytes.size());
    });
  }

  [[nodiscard]] double size() const { return static_cast<double>(index_->size()); }
  [[nodiscard]] double dim() const { return static_cast<double>(index_->dim()); }
  [[nodiscard]] std::string metric() const { return std::string(metric_name(index_->metric())); }
  [[nodiscard]] double bits() const { return index_->bits(); }
  [[nodiscard]] std::string store() const { return std::string(rabitq::store_name(index_->store())); }
  [[nodiscard]] double nlist() const { return static_cast<double>(index_->nlist()); }
  [[nodiscard]] double nprobe() const { return static_cast<double>(index_->default_nprobe()); }
  [[nodiscard]] double rerank_factor() const { return index_->default_rerank_factor(); }
  [[nodiscard]] std::string calibration_json() const { return rabitq::calibration_json(index_->calibration()); }
  // Decimal text: a u64 does not fit a JS number; the wrapper makes it a bigint.
  [[nodiscard]] std::string seed() const { return std::to_string(index_->seed()); }
  [[nodiscard]] std::string rotation() const { return std::string(rabitq::rotation_name(index_->rotation_kind())); }
  [[nodiscard]] double memory_bytes() const { return static_cast<double>(index_->memory_bytes()); }
  [[nodiscard]] double mapped_bytes() const { return static_cast<double>(index_->mapped_bytes()); }
  [[nodiscard]] double code_bytes_per_vector() const { return static_cast<double>(index_->code_bytes_per_vector()); }

 private:
  std::unique_ptr<RabitqIndex> index_;  // set by a successful build() or deserialize()
};

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_rabitq) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::class_<RabitqIndexHandle>("RabitqIndexHandle")
      .constructor<>()
      .function("build", &RabitqIndexHandle::build)
      .function("deserialize", &RabitqIndexHandle::deserialize)
      .function("add", &RabitqIndexHandle::add)
      .function("remove", &RabitqIndexHandle::remove)
      .function("search", &RabitqIndexHandle::search)
      .function("serialize", &RabitqIndexHandle::serialize)
      .function("size", &RabitqIndexHandle::size)
      .function("dim", &RabitqIndexHandle::dim)
      .function("metric", &RabitqIndexHandle::metric)
      .function("bits", &RabitqIndexHandle::bits)
      .function("store", &RabitqIndexHandle::store)
      .function("nlist", &RabitqIndexHandle::nlist)
      .function("nprobe", &RabitqIndexHandle::nprobe)
      .function("rerankFactor", &RabitqIndexHandle::rerank_factor)
      .function("calibrationJson", &RabitqIndexHandle::calibration_json)
      .function("seed", &RabitqIndexHandle::seed)
      .function("rotation", &RabitqIndexHandle::rotation)
      .function("memoryBytes", &RabitqIndexHandle::memory_bytes)
      .function("mappedBytes", &RabitqIndexHandle::mapped_bytes)
      .function("codeBytesPerVector", &RabitqIndexHandle::code_bytes_per_vector);
  emscripten::function("rabitqDefaultsJson", &ruvector::rabitq::defaults_json);
}
