// Embind glue for the core Collection: type translation only. Texts arrive as one UTF-8 buffer plus
// n + 1 offsets in the wasm heap, ids as u64 arrays there. A caller's embedder and index are JS
// functions/objects that collection.mjs wraps so they never throw into wasm: they return
// {rows} / {idWords, distances, k} / {removed} / {size}, or {error: {name, message}}.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "guarded.hpp"
#include "results.hpp"
#include "ruvector/collection/collection.hpp"
#include "ruvector/core/error.hpp"
#include "text_encoder_handle.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

// A wrapped JS call's record, or the Error it reports (collection.mjs keeps and rethrows the
// original JS error; this message only has to reach it).
val checked(val record) {
  if (record.hasOwnProperty("error")) {
    throw_error(ErrorCode::kRuVectorError, record["error"]["message"].as<std::string>());
  }
  return record;
}

val js_texts(std::span<const std::string_view> texts) {
  val out = val::array();
  for (const std::string_view t : texts) out.call<void>("push", val(std::string(t)));
  return out;
}

val js_ids(std::span<const std::uint64_t> ids) {
  return copy_to_js("Uint32Array", reinterpret_cast<const std::uint32_t*>(ids.data()), ids.size() * 2);
}

std::vector<std::uint64_t> ids_of(const val& words) {
  const std::vector<std::uint32_t> w = emscripten::convertJSArrayToNumberVector<std::uint32_t>(words);
  std::vector<std::uint64_t> out(w.size() / 2);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (static_cast<std::uint64_t>(w[(2 * i) + 1]) << 32U) | w[2 * i];
  return out;
}

class JsIndex final : public CollectionIndex {
 public:
  JsIndex(val index, std::size_t dim) : index_(std::move(index)), dim_(dim) {}
  void add(std::span<const float> vectors, std::span<const std::uint64_t> ids) override {
    checked(index_.call<val>("add", copy_to_js("Float32Array", vectors.data(), vectors.size()), js_ids(ids)));
  }
  std::size_t remove(std::span<const std::uint64_t> ids) override {
    return static_cast<std::size_t>(checked(index_.call<val>("remove", js_ids(ids)))["removed"].as<double>());
  }
  [[nodiscard]] SearchResults search(std::span<const float> queries, std::int64_t k) const override {
    const val r = checked(
        index_.call<val>("search", copy_to_js("Float32Array", queries.data(), queries.size()), static_cast<double>(k)));
    SearchResults out;
    out.queries = queries.size() / dim_;
    out.k = static_cast<std::size_t>(r["k"].as<double>());
    out.ids = ids_of(r["idWords"]);
    out.distances = emscripten::convertJSArrayToNumberVector<float>(r["distances"]);
    if (out.ids.size() != out.queries * out.k || out.distances.size() != out.ids.size()) {
      throw_error(ErrorCode::kInvalidInput, "the index returned ids and distances of different shapes");
    }
    return out;
  }
  [[nodiscard]] std::size_t size() const override {
    return static_cast<std::size_t>(checked(index_.call<val>("size"))["size"].as<double>());
  }
  [[nodiscard]] std::string_view kind() const override { return "custom"; }

 private:
  val index_;
  std::size_t dim_;
};

// {kind: 'hash', dim, ngramMin, ngramMax, seedHi, seedLo} | {kind: 'text', encoder: TextEncoderHandle}
// | {kind: 'function', dim, embed(texts) -> {rows}}.
std::shared_ptr<const CollectionEncoder> encoder_of(const val& spec) {
  const auto kind = spec["kind"].as<std::string>();
  if (kind == "hash") {
    HashEmbedderOptions options;
    options.dim = integer_arg(spec["dim"].as<double>(), "dim");
    options.ngram_min = integer_arg(spec["ngramMin"].as<double>(), "ngramMin");
    options.ngram_max = integer_arg(spec["ngramMax"].as<double>(), "ngramMax");
    const auto hi = static_cast<std::uint64_t>(integer_arg(spec["seedHi"].as<double>(), "seed (high word)", 0));
    const auto lo = static_cast<std::uint64_t>(integer_arg(spec["seedLo"].as<double>(), "seed (low word)", 0));
    options.seed = (hi << 32U) | (lo & 0xFFFFFFFFU);
    return hash_collection_encoder(HashEmbedder(options));
  }
  if (kind == "text") {
    return text_collection_encoder(spec["encoder"].as<TextEncoderHandle*>(emscripten::allow_raw_pointers())->shared());
  }
  const auto dim = static_cast<std::size_t>(integer_arg(spec["dim"].as<double>(), "dim", 1));
  val embed = spec["embed"];
  return function_collection_encoder(dim, [embed](std::span<const std::string_view> texts) {
    return emscripten::convertJSArrayToNumberVector<float>(checked(embed(js_texts(texts)))["rows"]);
  });
}

CollectionOptions options_of(const std::string& metric, double rabitq_threshold, const val& index_factory) {
  CollectionOptions options;
  options.metric = parse_metric(metric);
  options.rabitq_threshold = static_cast<std::size_t>(integer_arg(rabitq_threshold, "rabitqThreshold", 1));
  if (!index_factory.isNull() && !index_factory.isUndefined()) {
    options.index_factory = [index_factory](std::span<const float> vectors, std::size_t dim,
                                            std::span<const std::uint64_t> ids, Metric m) {
      val index = checked(index_factory(copy_to_js("Float32Array", vectors.data(), vectors.size()), js_ids(ids),
                                        val(std::string(metric_name(m)))))["index"];
      return std::unique_ptr<CollectionIndex>(std::make_unique<JsIndex>(std::move(index), dim));
    };
  }
  return options;
}

std::vector<std::string_view> texts_of(std::uintptr_t bytes, double byte_count, std::uintptr_t offsets,
                                       double offset_count) {
  const auto span = heap_span<char>(bytes, static_cast<std::size_t>(byte_count));
  return split_texts(std::string_view(span.data(), span.size()),
                     heap_span<std::uint32_t>(offsets, static_cast<std::size_t>(offset_count)));
}

class CollectionHandle {
 public:
  val init(const val& encoder, const std::string& metric, double rabitq_threshold, const val& index_factory) {
    return guarded([&] {
      collection_ =
          std::make_unique<Collection>(encoder_of(encoder), options_of(metric, rabitq_threshold, index_factory));
      return val::undefined();
    });
  }

  val init_from(std::uintptr_t bytes, double count, const val& encoder, double rabitq_threshold,
                const val& index_factory) {
    return guarded([&] {
      auto options = options_of("cosine", rabitq_threshold, index_factory);
      collection_ = Collection::deserialize(heap_span<std::uint8_t>(bytes, static_cast<std::size_t>(count)),
                                            encoder_of(encoder), std::move(options));
      return val::undefined();
    });
  }

  // metas: a JS array of strings ("" = none), or empty.
  val add(std::uintptr_t bytes, double byte_count, std::uintptr_t offsets, double offset_count, std::uintptr_t ids,
          double id_count, const val& metas) {
    return guarded([&] {
      const std::vector<std::string_view> texts = texts_of(bytes, byte_count, offsets, offset_count);
      const std::vector<std::string> meta_values = emscripten::vecFromJSArray<std::string>(metas);
      const std::vector<std::string_view> meta_views(meta_values.begin(), meta_values.end());
      const std::vector<std::uint64_t> added =
          collection_->add(texts, heap_span<std::uint64_t>(ids, static_cast<std::size_t>(id_count)), meta_views);
      val out = val::object();
      out.set("idWords", js_ids(added));
      return out;
    });
  }

  val remove(std::uintptr_t ids, double count) {
    return guarded([&] {
      return val(
          static_cast<double>(collection_->remove(heap_span<std::uint64_t>(ids, static_cast<std::size_t>(count)))));
    });
  }

  // The idWords of the stored texts whose metadata pass `filter` ("" = all), ascending.
  val ids(const std::string& filter) {
    return guarded([&] { return js_ids(collection_->ids(filter)); });
  }

  // {idWords, texts, metas} of the stored texts with these ids, in the order asked.
  val get(std::uintptr_t ids, double count) {
    return guarded([&] {
      const auto found = collection_->get(heap_span<std::uint64_t>(ids, static_cast<std::size_t>(count)));
      std::vector<std::uint64_t> found_ids;
      val texts = val::array();
      val metas = val::array();
      for (const CollectionHit& h : found) {
        found_ids.push_back(h.id);
        texts.call<void>("push", val(h.text));
        metas.call<void>("push", val(h.meta));
      }
      val out = val::object();
      out.set("idWords", js_ids(found_ids));
      out.set("texts", texts);
      out.set("metas", metas);
      return out;
    });
  }

  // {counts, idWords, scores, texts, metas}: the hits of every query back to back, counts[i] of query i.
  // `filter`: "" or a MetaFilter's JSON text.
  val query(std::uintptr_t bytes, double byte_count, std::uintptr_t offsets, double offset_count, double k,
            const std::string& filter) {
    return guarded([&] {
      const std::vector<std::string_view> texts = texts_of(bytes, byte_count, offsets, offset_count);
      const auto results = collection_->query(texts, integer_arg(k, "k"), filter);
      std::vector<double> counts;
      std::vector<std::uint64_t> ids;
      std::vector<float> scores;
      val hit_texts = val::array();
      val hit_metas = val::array();
      for (const auto& row : results) {
        counts.push_back(static_cast<double>(row.size()));
        for (const CollectionHit& h : row) {
          ids.push_back(h.id);
          scores.push_back(h.score);
          hit_texts.call<void>("push", val(h.text));
          hit_metas.call<void>("push", val(h.meta));
        }
      }
      val out = val::object();
      out.set("counts", copy_to_js("Float64Array", counts.data(), counts.size()));
      out.set("idWords", js_ids(ids));
      out.set("scores", copy_to_js("Float32Array", scores.data(), scores.size()));
      out.set("texts", hit_texts);
      out.set("metas", hit_metas);
      return out;
    });
  }

  val serialize() {
    return guarded([&] {
      const std::vector<std::uint8_t> bytes = collection_->serialize();
      return copy_to_js("Uint8Array", bytes.data(), bytes.size());
    });
  }

  [[nodiscard]] double size() const { return static_cast<double>(collection_->size()); }
  [[nodiscard]] bool contains(double hi, double lo) const {
    return collection_->contains((static_cast<std::uint64_t>(hi) << 32U) | static_cast<std::uint64_t>(lo));
  }
  [[nodiscard]] double dim() const { return static_cast<double>(collection_->dim()); }
  [[nodiscard]] std::string metric() const { return std::string(metric_name(collection_->metric())); }
  [[nodiscard]] double rabitq_threshold() const { return static_cast<double>(collection_->rabitq_threshold()); }
  [[nodiscard]] std::string index_kind() const { return collection_->index_kind(); }

 private:
  std::unique_ptr<Collection> collection_;
};

double default_rabitq_threshold() {
  return static_cast<double>(CollectionOptions::kDefaultRabitqThreshold);
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_collection) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::function("collectionDefaultRabitqThreshold", &default_rabitq_threshold);
  emscripten::class_<CollectionHandle>("CollectionHandle")
      .constructor<>()
      .function("init", &CollectionHandle::init)
      .function("initFrom", &CollectionHandle::init_from)
      .function("add", &CollectionHandle::add)
      .function("remove", &CollectionHandle::remove)
      .function("query", &CollectionHandle::query)
      .function("get", &CollectionHandle::get)
      .function("ids", &CollectionHandle::ids)
      .function("serialize", &CollectionHandle::serialize)
      .function("size", &CollectionHandle::size)
      .function("contains", &CollectionHandle::contains)
      .function("dim", &CollectionHandle::dim)
      .function("metric", &CollectionHandle::metric)
      .function("rabitqThreshold", &CollectionHandle::rabitq_threshold)
      .function("indexKind", &CollectionHandle::index_kind);
}
