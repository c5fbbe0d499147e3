// Embind glue for ruLake (a lake over in-memory backends and JS adapters in wasm, published bundles
// from bytes) and the shard routing and federated merge that ShardedIndex uses: type translation
// only, every bound function returns a value or an error record.
//
// JS adapters may answer with Promises, and the core is synchronous: the JS Lake asks the core what
// an operation will need (checkDue, needsPull), awaits exactly that from the adapter, stages it
// here, then runs the core's operation, which reads the staged values. The policy stays in the core.
#include <emscripten/bind.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "results.hpp"
#include "ruvector/lake/bundle_fetch.hpp"
#include "ruvector/lake/fs_backend.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/shard_map.hpp"
#include "ruvector/lake/sidecar.hpp"

using emscripten::val;

namespace ruvector::wasm {
namespace {

std::size_t count_arg(double value, const char* what) {
  return static_cast<std::size_t>(integer_arg(value, what, 0));
}

val federated_to_js(const lake::FederatedResults& r) {
  val out = val::object();
  out.set("queries", static_cast<double>(r.queries));
  out.set("k", static_cast<double>(r.k));
  out.set("idWords", copy_to_js("Uint32Array", reinterpret_cast<const std::uint32_t*>(r.ids.data()), r.ids.size() * 2));
  out.set("distances", copy_to_js("Float32Array", r.distances.data(), r.distances.size()));
  out.set("shards", copy_to_js("Uint32Array", r.shards.data(), r.shards.size()));
  return out;
}

val stats_to_js(const lake::CacheStats& s) {
  val out = val::object();
  out.set("hits", static_cast<double>(s.hits));
  out.set("misses", static_cast<double>(s.misses));
  out.set("primes", static_cast<double>(s.primes));
  out.set("invalidations", static_cast<double>(s.invalidations));
  out.set("sharedHits", static_cast<double>(s.shared_hits));
  out.set("warmInstalls", static_cast<double>(s.warm_installs));
  out.set("totalPrimeMs", s.total_prime_ms);
  out.set("lastPrimeMs", s.last_prime_ms);
  return out;
}

// A u64 generation as a decimal string tagged {u64: "..."} (a JS number would round it), a string one as is.
val generation_to_js(const lake::Generation& generation) {
  if (const auto* number = std::get_if<std::uint64_t>(&generation)) {
    val out = val::object();
    out.set("u64", std::to_string(*number));
    return out;
  }
  return val(std::get<std::string>(generation));
}

val strings_to_js(const std::vector<std::string>& strings) {
  val out = val::array();
  for (const auto& s : strings) out.call<void>("push", s);
  return out;
}

val bytes_to_js(const std::vector<std::uint8_t>& bytes) {
  return copy_to_js("Uint8Array", bytes.data(), bytes.size());
}

// The calls every core backend that holds rows answers (LocalBackend, FsBackend).
template <class Backend>
class RowsBackendHandle {
 public:
  val put(const std::string& collection, double dim, std::uintptr_t vectors, double count, std::uintptr_t ids,
          double id_count) {
    return guarded([&] {
      backend_->put_collection(collection, count_arg(dim, "dim"),
                               heap_span<std::uint64_t>(ids, count_arg(id_count, "ids")),
                               heap_span<float>(vectors, count_arg(count, "vectors")));
      return val::undefined();
    });
  }
  val append(const std::string& collection, std::uintptr_t vectors, double count, std::uintptr_t ids, double id_count) {
    return guarded([&] {
      backend_->append(collection, heap_span<std::uint64_t>(ids, count_arg(id_count, "ids")),
                       heap_span<float>(vectors, count_arg(count, "vectors")));
      return val::undefined();
    });
  }
  val remove(const std::string& collection, std::uintptr_t ids, double id_count) {
    return guarded([&] {
      return val(static_cast<double>(
          backend_->delete_ids(collection, heap_span<std::uint64_t>(ids, count_arg(id_count, "ids")))));
    });
  }
  val generation(const std::string& collection) {
    return guarded([&] { return generation_to_js(backend_->generation(collection)); });
  }
  val list_collections() {
    return guarded([&] { return strings_to_js(backend_->list_collections()); });
  }
  // {idWords, vectors, dim, generation}: the ids as little-endian u32 pairs.
  val pull(const std::string& collection) {
    return guarded([&] {
      const lake::PulledBatch batch = backend_->pull(collection);
      val out = val::object();
      out.set("idWords", copy_to_js("Uint32Array", reinterpret_cast<const std::uint32_t*>(batch.ids.data()),
                                    batch.ids.size() * 2));
      out.set("vectors", copy_to_js("Float32Array", batch.vectors.data(), batch.vectors.size()));
      out.set("dim", static_cast<double>(batch.dim));
      out.set("generation", generation_to_js(batch.generation));
      return out;
    });
  }
  val data_ref(const std::string& collection) {
    return guarded([&] { return val(backend_->data_ref(collection)); });
  }
  [[nodiscard]] std::string id() const { return backend_->id(); }
  [[nodiscard]] std::shared_ptr<Backend> shared() const { return backend_; }

 protected:
  std::shared_ptr<Backend> backend_;
};

class LocalBackendHandle : public RowsBackendHandle<lake::LocalBackend> {
 public:
  val init(const std::string& id) {
    return guarded([&] {
      backend_ = std::make_shared<lake::LocalBackend>(id);
      return val::undefined();
    });
  }
  val drop_collection(const std::string& collection) {
    return guarded([&] { return val(backend_->drop_collection(collection)); });
  }
};

// The core's directory backend on the module's file system (under Pyodide: Pyodide's files).
class FsBackendHandle : public RowsBackendHandle<lake::FsBackend> {
 public:
  val init(const std::string& id, const std::string& root) {
    return guarded([&] {
      backend_ = std::make_shared<lake::FsBackend>(id, root);
      return val::undefined();
    });
  }
  [[nodiscard]] std::string root() const { return backend_->root(); }
};

// What the JS ring fetched from an adapter for one collection, for the core's next operation.
struct Staged {
  std::optional<lake::Generation> generation;
  std::size_t dim = 0;  // 0 = not told
  std::optional<std::string> data_ref;
  std::optional<lake::PulledBatch> rows;
  std::optional<lake::BundleBytes> bundle;
};

// A backend written in JS: it answers the core only from what the JS Lake staged for this operation.
class JsBackend final : public lake::Backend {
 public:
  JsBackend(std::string id, std::vector<ruvector::witness::NoteVerifier> trusted)
      : id_(std::move(id)), trusted_(std::move(trusted)) {}
  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::span<const ruvector::witness::NoteVerifier> trusted_keys() const override { return trusted_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override { return {}; }
  [[nodiscard]] lake::Generation generation(const std::string& collection) const override {
    const Staged& s = staged_for(collection, "generation");
    if (!s.generation) throw_not_staged(collection, "generation");
    return *s.generation;
  }
  [[nodiscard]] std::size_t dimension(const std::string& collection) const override {
    const auto it = staged_.find(collection);
    if (it != staged_.end()) {
      if (it->second.rows) return it->second.rows->dim;
      if (it->second.dim != 0) return it->second.dim;
    }
    const auto known = known_dims_.find(collection);
    return known == known_dims_.end() ? 0 : known->second;  // unknown: the descriptor matches nothing cached
  }
  [[nodiscard]] std::string data_ref(const std::string& collection) const override {
    const auto it = staged_.find(collection);
    if (it != staged_.end() && it->second.data_ref) return *it->second.data_ref;
    return Backend::data_ref(collection);
  }
  [[nodiscard]] lake::PulledBatch pull(const std::string& collection) const override {
    Staged& s = staged_for(collection, "pull");
    if (!s.rows) throw_not_staged(collection, "pull");
    known_dims_[collection] = s.rows->dim;
    lake::PulledBatch batch = std::move(*s.rows);
    s.rows.reset();
    return batch;
  }
  [[nodiscard]] std::optional<lake::BundleBytes> pull_bundle(const std::string& collection) const override {
    const auto it = staged_.find(collection);
    if (it == staged_.end() || !it->second.bundle) return std::nullopt;
    lake::BundleBytes bundle = std::move(*it->second.bundle);
    it->second.bundle.reset();
    const std::string_view json(reinterpret_cast<const char*>(bundle.sidecar.data()), bundle.sidecar.size());
    known_dims_[collection] = lake::parse_sidecar(json).bundle.dim;
    return bundle;
  }
  Staged& stage(const std::string& collection) { return staged_[collection]; }
  void clear(const std::string& collection) { staged_.erase(collection); }

 private:
  Staged& staged_for(const std::string& collection, const char* what) const {
    const auto it = staged_.find(collection);
    if (it == staged_.end()) throw_not_staged(collection, what);
    return it->second;
  }
  // The JS Lake retries an operation once after this (an Eventual TTL may lapse between its
  // checkDue and the core's own check).
  [[noreturn]] void throw_not_staged(const std::string& collection, const char* what) const {
    throw_error(ErrorCode::kInvalidInput,
                "backend '" + id_ + "' collection '" + collection + "': " + what + " was not fetched for this call");
  }

  std::string id_;
  std::vector<ruvector::witness::NoteVerifier> trusted_;  // the adapter's trustedKeys, read at registration
  mutable std::map<std::string, Staged> staged_;
  mutable std::map<std::string, std::size_t> known_dims_;
};

std::vector<std::uint8_t> heap_bytes(std::uintptr_t address, double count, const char* what) {
  const auto bytes = heap_span<std::uint8_t>(address, count_arg(count, what));
  return {bytes.begin(), bytes.end()};
}

std::vector<ruvector::witness::NoteVerifier> verifiers_of(const val& keys) {
  std::vector<ruvector::witness::NoteVerifier> trusted;
  for (const std::string& k : emscripten::vecFromJSArray<std::string>(keys)) {
    trusted.push_back(ruvector::witness::NoteVerifier::parse(k));
  }
  return trusted;
}

// A published bundle read file by file (lake/bundle_fetch.hpp): the JS ring fetches the file the
// core names and hands its bytes over; the core checks the three are one bundle.
class BundleFetchHandle {
 public:
  val init(const std::string& where, const val& keys) {
    return guarded([&] {
      fetch_ = std::make_unique<lake::BundleFetch>(where, emscripten::vecFromJSArray<std::string>(keys));
      return val::undefined();
    });
  }
  [[nodiscard]] std::string next_file() const { return std::string(fetch_->next_file()); }
  [[nodiscard]] int attempt() const { return fetch_->attempt(); }
  val put(std::uintptr_t bytes, double size) {
    return guarded([&] {
      fetch_->put(heap_bytes(bytes, size, "file bytes"));
      return val::undefined();
    });
  }

 private:
  std::unique_ptr<lake::BundleFetch> fetch_;
};

// {origin, size, root, keyNames, leafIndex} of a signed bundle's verified checkpoint.
val verified_checkpoint(const std::string& witness_json, const val& keys) {
  return guarded([&] {
    const lake::VerifiedCheckpoint shown = lake::verified_checkpoint_of(witness_json, verifiers_of(keys));
    val out = val::object();
    out.set("origin", shown.checkpoint.origin);
    out.set("size", std::to_string(shown.checkpoint.size));
    out.set("root", copy_to_js("Uint8Array", shown.checkpoint.root.data(), shown.checkpoint.root.size()));
    out.set("keyNames", strings_to_js(shown.key_names));
    out.set("leafIndex", std::to_string(shown.leaf_index));
    return out;
  });
}

class JsBackendHandle {
 public:
  // keys: the adapter's trustedKeys (verifier keys, a JS array; InvalidInput if one is malformed).
  val init(const std::string& id, const val& keys) {
    return guarded([&] {
      if (id.empty()) throw_error(ErrorCode::kInvalidInput, "a backend's id must be a non-empty string");
      backend_ = std::make_shared<JsBackend>(id, verifiers_of(keys));
      return val::undefined();
    });
  }
  // generation: a u64 as (hi, lo) words when is_number, else `text`. dim 0 / data_ref "" = not told.
  val stage_generation(const std::string& collection, bool is_number, double hi, double lo, const std::string& text,
                       double dim, const std::string& data_ref) {
    return guarded([&] {
      Staged& s = backend_->stage(collection);
      s.generation = generation_arg(is_number, hi, lo, text);
      s.dim = count_arg(dim, "dim");
      if (!data_ref.empty()) s.data_ref = data_ref;
      return val::undefined();
    });
  }
  // A published bundle's sidecar: the core reads generation, dim and data_ref from it (and checks
  // its witness) instead of the JS side parsing it.
  val stage_sidecar(const std::string& collection, std::uintptr_t sidecar, double size) {
    return guarded([&] {
      const auto bytes = heap_span<char>(sidecar, count_arg(size, "sidecar bytes"));
      const lake::BundleSidecar parsed = lake::parse_sidecar(std::string_view(bytes.data(), bytes.size()));
      Staged& s = backend_->stage(collection);
      s.generation = parsed.bundle.generation;
      s.dim = parsed.bundle.dim;
      s.data_ref = parsed.bundle.data_ref;
      return val(parsed.rvf_witness);
    });
  }
  val stage_rows(const std::string& collection, std::uintptr_t vectors, double count, std::uintptr_t ids,
                 double id_count, double dim, bool is_number, double hi, double lo, const std::string& text) {
    return guarded([&] {
      lake::PulledBatch batch;
      const auto v = heap_span<float>(vectors, count_arg(count, "vectors"));
      const auto i = heap_span<std::uint64_t>(ids, count_arg(id_count, "ids"));
      batch.vectors.assign(v.begin(), v.end());
      batch.ids.assign(i.begin(), i.end());
      batch.dim = count_arg(dim, "dim");
      batch.generation = generation_arg(is_number, hi, lo, text);
      backend_->stage(collection).rows = std::move(batch);
      return val::undefined();
    });
  }
  // witness: bundle.witness.json (size 0 when the adapter has none); keys: the adapter's trusted
  // verifier keys (a JS array), checked by the lake before it installs the bundle.
  val stage_bundle(const std::string& collection, std::uintptr_t sidecar, double sidecar_size, std::uintptr_t index,
                   double index_size, const std::string& where, std::uintptr_t witness, double witness_size,
                   const val& keys) {
    return guarded([&] {
      backend_->stage(collection).bundle = lake::BundleBytes{
          heap_bytes(sidecar, sidecar_size, "sidecar bytes"), heap_bytes(index, index_size, "index bytes"), where,
          heap_bytes(witness, witness_size, "witness bytes"), verifiers_of(keys)};
      return val::undefined();
    });
  }
  void clear(const std::string& collection) { backend_->clear(collection); }
  [[nodiscard]] std::string id() const { return backend_->id(); }
  [[nodiscard]] std::shared_ptr<JsBackend> shared() const { return backend_; }

 private:
  static lake::Generation generation_arg(bool is_number, double hi, double lo, const std::string& text) {
    if (!is_number) return text;
    return (static_cast<std::uint64_t>(integer_arg(hi, "generation (high word)", 0)) << 32U) |
           static_cast<std::uint64_t>(integer_arg(lo, "generation (low word)", 0));
  }

  std::shared_ptr<JsBackend> backend_;
};

class LakeHandle {
 public:
  // Every option arrives given: the JS Lake fills what its caller left out from lakeDefaultsJson().
  val init(const std::string& consistency, double ttl_ms, double rerank_factor, double seed_hi, double seed_lo,
           const std::string& metric, double bits, const std::string& store, double max_entries, double max_bytes) {
    return guarded([&] {
      lake::LakeOptions options;
      options.consistency =
          lake::parse_consistency(consistency, static_cast<std::uint64_t>(integer_arg(ttl_ms, "ttlMs", 0)));
      options.rerank_factor = static_cast<std::uint64_t>(integer_arg(rerank_factor, "rerankFactor", 0));
      options.rotation_seed = (static_cast<std::uint64_t>(integer_arg(seed_hi, "seed (high word)", 0)) << 32U) |
                              static_cast<std::uint64_t>(integer_arg(seed_lo, "seed (low word)", 0));
      options.metric = parse_metric(metric);
      options.bits = static_cast<int>(integer_arg(bits, "bits"));
      options.store = rabitq::parse_store(store);
      options.limits = {count_arg(max_entries, "maxEntries"), count_arg(max_bytes, "maxBytes")};
      lake_ = std::make_unique<lake::Lake>(options);
      return val::undefined();
    });
  }
  [[nodiscard]] std::string options_json() const { return lake::options_json(lake_->options()); }
  val register_local(const LocalBackendHandle& backend) {
    return guarded([&] {
      lake_->register_backend(backend.shared());
      return val::undefined();
    });
  }
  val register_js(const JsBackendHandle& backend) {
    return guarded([&] {
      lake_->register_backend(backend.shared());
      return val::undefined();
    });
  }
  val register_fs(const FsBackendHandle& backend) {
    return guarded([&] {
      lake_->register_backend(backend.shared());
      return val::undefined();
    });
  }
  // Bundle directories on the module's file system. signer_key "" = publish unsigned; log_dir "" =
  // the default (lake::default_log_dir).
  val publish_bundle(const std::string& backend, const std::string& collection, const std::string& dir,
                     const std::string& signer_key, const std::string& log_dir) {
    return guarded([&] {
      std::optional<ruvector::witness::NoteSigner> signer;
      if (!signer_key.empty()) signer.emplace(ruvector::witness::NoteSigner::parse(signer_key));
      return val(lake_->publish_bundle({backend, collection}, dir, signer ? &*signer : nullptr, log_dir));
    });
  }
  val save_cache_to_dir(const std::string& backend, const std::string& collection, const std::string& dir) {
    return guarded([&] { return val(lake_->save_cache_to_dir({backend, collection}, dir)); });
  }
  val warm_from_dir(const std::string& backend, const std::string& collection, const std::string& dir,
                    const val& keys) {
    return guarded(
        [&] { return val(static_cast<double>(lake_->warm_from_dir({backend, collection}, dir, verifiers_of(keys)))); });
  }
  val refresh_from_bundle_dir(const std::string& backend, const std::string& collection, const std::string& dir) {
    return guarded([&] {
      return val(std::string(lake::refresh_result_name(lake_->refresh_from_bundle_dir({backend, collection}, dir))));
    });
  }
  val check_due(const std::string& backend, const std::string& collection, bool force) {
    return guarded([&] { return val(lake_->check_due({backend, collection}, force)); });
  }
  val needs_pull(const std::string& backend, const std::string& collection) {
    return guarded([&] { return val(lake_->needs_pull({backend, collection})); });
  }
  // witness: bundle.witness.json (size 0 when absent); keys: a JS array of trusted verifier keys.
  val warm_from_bytes(const std::string& backend, const std::string& collection, std::uintptr_t sidecar,
                      double sidecar_size, std::uintptr_t index, double index_size, const std::string& where,
                      std::uintptr_t witness, double witness_size, const val& keys) {
    return guarded([&] {
      const lake::BundleBytes bundle{heap_bytes(sidecar, sidecar_size, "sidecar bytes"),
                                     heap_bytes(index, index_size, "index bytes"),
                                     where,
                                     heap_bytes(witness, witness_size, "witness bytes"),
                                     {}};
      return val(static_cast<double>(lake_->warm_from_bytes({backend, collection}, bundle, verifiers_of(keys))));
    });
  }
  // width: the caller's row width (0: unknown, whole rows of the collection's dim).
  val search(const std::string& backend, const std::string& collection, std::uintptr_t queries, double count, double k,
             double nprobe, double rerank_factor, double width) {
    return guarded([&] {
      return search_results_to_js(lake_->search(
          {backend, collection}, heap_span<float>(queries, count_arg(count, "queries")), integer_arg(k, "k"),
          {integer_arg(nprobe, "nprobe"), rerank_factor, 0}, count_arg(width, "width")));
    });
  }
  val bundle_bytes(const std::string& backend, const std::string& collection, bool check) {
    return guarded([&] {
      const lake::BundleBytes bundle = lake_->bundle_bytes({backend, collection}, check);
      val out = val::object();
      out.set("sidecar", bytes_to_js(bundle.sidecar));
      out.set("index", bytes_to_js(bundle.index));
      out.set("witness", bytes_to_js(bundle.witness));
      return out;
    });
  }
  val set_consistency(const std::string& backend, const std::string& collection, const std::string& mode,
                      double ttl_ms) {
    return guarded([&] {
      lake_->set_consistency(
          {backend, collection},
          lake::parse_consistency(mode, static_cast<std::uint64_t>(integer_arg(ttl_ms, "ttlMs", 0))));
      return val::undefined();
    });
  }
  val consistency_of(const std::string& backend, const std::string& collection) {
    return guarded([&] {
      const lake::Consistency c = lake_->consistency_of({backend, collection});
      val out = val::object();
      out.set("mode", std::string(lake::consistency_name(c)));
      out.set("ttlMs", static_cast<double>(c.ttl_ms));
      return out;
    });
  }
  val pin(const std::string& backend, const std::string& collection, bool pinned) {
    return guarded([&] {
      lake_->pin({backend, collection}, pinned);
      return val::undefined();
    });
  }
  val refcount_of(const std::string& witness) {
    return guarded([&] { return val(static_cast<double>(lake_->refcount_of(witness))); });
  }
  val cache_bytes() {
    return guarded([&] { return val(static_cast<double>(lake_->cache_bytes())); });
  }
  val backend_ids() {
    return guarded([&] { return strings_to_js(lake_->backend_ids()); });
  }
  val stats_by_backend() {
    return guarded([&] {
      val out = val::object();
      for (const auto& [backend, s] : lake_->stats_by_backend()) out.set(backend, stats_to_js(s));
      return out;
    });
  }
  // [[backend, collection, stats], ...]
  val stats_by_collection() {
    return guarded([&] {
      val out = val::array();
      for (const auto& [key, s] : lake_->stats_by_collection()) {
        val row = val::array();
        row.call<void>("push", key.backend);
        row.call<void>("push", key.collection);
        row.call<void>("push", stats_to_js(s));
        out.call<void>("push", row);
      }
      return out;
    });
  }
  val search_federated(const val& targets, std::uintptr_t queries, double count, double k, double nprobe,
                       double rerank_factor, double width) {
    return guarded([&] {
      std::vector<lake::CollectionKey> keys;
      const auto n = targets["length"].as<unsigned>();
      for (unsigned i = 0; i < n; ++i) {
        keys.push_back({targets[i][0].as<std::string>(), targets[i][1].as<std::string>()});
      }
      return federated_to_js(
          lake_->search_federated(keys, heap_span<float>(queries, count_arg(count, "queries")), integer_arg(k, "k"),
                                  {integer_arg(nprobe, "nprobe"), rerank_factor, 0}, count_arg(width, "width")));
    });
  }
  val prime(const std::string& backend, const std::string& collection) {
    return guarded([&] {
      lake_->prime({backend, collection});
      return val::undefined();
    });
  }
  val refresh(const std::string& backend, const std::string& collection) {
    return guarded([&] { return val(lake_->refresh({backend, collection})); });
  }
  val invalidate(const std::string& backend, const std::string& collection) {
    return guarded([&] { return val(lake_->invalidate({backend, collection})); });
  }
  val stats() {
    return guarded([&] { return stats_to_js(lake_->stats()); });
  }
  val witness_of(const std::string& backend, const std::string& collection) {
    return guarded([&] {
      const auto witness = lake_->witness_of({backend, collection});
      return witness ? val(*witness) : val::null();
    });
  }
  [[nodiscard]] double entry_count() const { return static_cast<double>(lake_->entry_count()); }

 private:
  std::unique_ptr<lake::Lake> lake_;
};

// parts: [{queries, k, idWords, distances}, ...] as the index bindings return them.
val merge_shard_results(const val& parts, double k) {
  return guarded([&] {
    std::vector<SearchResults> shards;
    const auto n = parts["length"].as<unsigned>();
    for (unsigned i = 0; i < n; ++i) {
      const val part = parts[i];
      SearchResults r;
      r.queries = count_arg(part["queries"].as<double>(), "queries");
      r.k = count_arg(part["k"].as<double>(), "k");
      const std::vector<std::uint32_t> words = emscripten::convertJSArrayToNumberVector<std::uint32_t>(part["idWords"]);
      r.distances = emscripten::convertJSArrayToNumberVector<float>(part["distances"]);
      if (words.size() != r.queries * r.k * 2 || r.distances.size() != r.queries * r.k) {
        throw_error(ErrorCode::kInvalidInput, "shard result " + std::to_string(i) + " does not hold queries x k hits");
      }
      r.ids.resize(r.queries * r.k);
      for (std::size_t j = 0; j < r.ids.size(); ++j) {
        r.ids[j] = static_cast<std::uint64_t>(words[2 * j]) | (static_cast<std::uint64_t>(words[2 * j + 1]) << 32U);
      }
      shards.push_back(std::move(r));
    }
    return federated_to_js(lake::merge_shard_results(shards, count_arg(k, "k")));
  });
}

// The core's ShardMap as plain values: JS keeps (rule, shards, bounds) and asks for the homes of a
// batch of ids, so the map is rebuilt per call (a hash map is its shard count, a range map its bounds).
lake::ShardMap shard_map_of(const std::string& rule, double shards, std::uintptr_t bounds, double bound_count) {
  if (lake::parse_shard_rule(rule) == lake::ShardRule::kHash)
    return lake::ShardMap::hash(integer_arg(shards, "shards"));
  const auto b = heap_span<std::uint64_t>(bounds, count_arg(bound_count, "bounds"));
  return lake::ShardMap::range_from_bounds({b.begin(), b.end()});
}

val shard_map_over(const std::string& rule, std::uintptr_t ids, double count, double shards) {
  return guarded([&] {
    const lake::ShardMap map =
        lake::ShardMap::over(lake::parse_shard_rule(rule), heap_span<std::uint64_t>(ids, count_arg(count, "ids")),
                             integer_arg(shards, "shards"));
    val out = val::object();
    out.set("rule", std::string(lake::shard_rule_name(map.rule())));
    out.set("shards", map.shards());
    out.set("boundWords", copy_to_js("Uint32Array", reinterpret_cast<const std::uint32_t*>(map.bounds().data()),
                                     map.bounds().size() * 2));
    return out;
  });
}

val shard_map_assign(const std::string& rule, double shards, std::uintptr_t bounds, double bound_count,
                     std::uintptr_t ids, double count) {
  return guarded([&] {
    const std::vector<std::uint32_t> homes =
        shard_map_of(rule, shards, bounds, bound_count).assign(heap_span<std::uint64_t>(ids, count_arg(count, "ids")));
    val out = val::object();
    out.set("homes", copy_to_js("Uint32Array", homes.data(), homes.size()));
    return out;
  });
}

// A base class's member as the derived class's: Embind binds only members of the bound class itself
// (a base's member pointer silently registers nothing).
template <class Derived, class Base, class R, class... A>
auto as_member_of(R (Base::*f)(A...)) -> R (Derived::*)(A...) {
  return f;
}
template <class Derived, class Base, class R, class... A>
auto as_member_of(R (Base::*f)(A...) const) -> R (Derived::*)(A...) const {
  return f;
}

// The RowsBackendHandle calls, bound on a handle class derived from it.
template <class Handle>
const emscripten::class_<Handle>& bind_rows_calls(const emscripten::class_<Handle>& c) {
  return c.template constructor<>()
      .function("put", as_member_of<Handle>(&Handle::put))
      .function("append", as_member_of<Handle>(&Handle::append))
      .function("remove", as_member_of<Handle>(&Handle::remove))
      .function("generation", as_member_of<Handle>(&Handle::generation))
      .function("pull", as_member_of<Handle>(&Handle::pull))
      .function("listCollections", as_member_of<Handle>(&Handle::list_collections))
      .function("dataRef", as_member_of<Handle>(&Handle::data_ref))
      .function("id", as_member_of<Handle>(&Handle::id));
}

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_lake) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  bind_rows_calls(emscripten::class_<LocalBackendHandle>("LocalBackendHandle"))
      .function("init", &LocalBackendHandle::init)
      .function("dropCollection", &LocalBackendHandle::drop_collection);
  bind_rows_calls(emscripten::class_<FsBackendHandle>("FsBackendHandle"))
      .function("init", &FsBackendHandle::init)
      .function("root", &FsBackendHandle::root);
  emscripten::class_<BundleFetchHandle>("BundleFetchHandle")
      .constructor<>()
      .function("init", &BundleFetchHandle::init)
      .function("nextFile", &BundleFetchHandle::next_file)
      .function("attempt", &BundleFetchHandle::attempt)
      .function("put", &BundleFetchHandle::put);
  emscripten::function("lakeVerifiedCheckpoint", &verified_checkpoint);
  emscripten::class_<JsBackendHandle>("JsBackendHandle")
      .constructor<>()
      .function("init", &JsBackendHandle::init)
      .function("stageGeneration", &JsBackendHandle::stage_generation)
      .function("stageSidecar", &JsBackendHandle::stage_sidecar)
      .function("stageRows", &JsBackendHandle::stage_rows)
      .function("stageBundle", &JsBackendHandle::stage_bundle)
      .function("clear", &JsBackendHandle::clear)
      .function("id", &JsBackendHandle::id);
  emscripten::class_<LakeHandle>("LakeHandle")
      .constructor<>()
      .function("init", &LakeHandle::init)
      .function("optionsJson", &LakeHandle::options_json)
      .function("registerLocal", &LakeHandle::register_local)
      .function("registerJs", &LakeHandle::register_js)
      .function("registerFs", &LakeHandle::register_fs)
      .function("publishBundle", &LakeHandle::publish_bundle)
      .function("saveCacheToDir", &LakeHandle::save_cache_to_dir)
      .function("warmFromDir", &LakeHandle::warm_from_dir)
      .function("refreshFromBundleDir", &LakeHandle::refresh_from_bundle_dir)
      .function("checkDue", &LakeHandle::check_due)
      .function("needsPull", &LakeHandle::needs_pull)
      .function("warmFromBytes", &LakeHandle::warm_from_bytes)
      .function("bundleBytes", &LakeHandle::bundle_bytes)
      .function("setConsistency", &LakeHandle::set_consistency)
      .function("consistencyOf", &LakeHandle::consistency_of)
      .function("pin", &LakeHandle::pin)
      .function("refcountOf", &LakeHandle::refcount_of)
      .function("cacheBytes", &LakeHandle::cache_bytes)
      .function("backendIds", &LakeHandle::backend_ids)
      .function("statsByBackend", &LakeHandle::stats_by_backend)
      .function("statsByCollection", &LakeHandle::stats_by_collection)
      .function("search", &LakeHandle::search)
      .function("searchFederated", &LakeHandle::search_federated)
      .function("prime", &LakeHandle::prime)
      .function("refresh", &LakeHandle::refresh)
      .function("invalidate", &LakeHandle::invalidate)
      .function("stats", &LakeHandle::stats)
      .function("witnessOf", &LakeHandle::witness_of)
      .function("entryCount", &LakeHandle::entry_count);
  emscripten::function("lakeDefaultsJson", &ruvector::lake::defaults_json);
  emscripten::function("mergeShardResults", &merge_shard_results);
  emscripten::function("shardMapOver", &shard_map_over);
  emscripten::function("shardMapAssign", &shard_map_assign);
}
