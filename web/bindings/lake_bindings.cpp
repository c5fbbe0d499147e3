// Embind glue for ruLake (a lake over in-memory backends in wasm) and the federated merge that
// ShardedIndex uses: type translation only, every bound function returns a value or an error record.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "guarded.hpp"
#include "results.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"

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

class LocalBackendHandle {
 public:
  val init(const std::string& id) {
    return guarded([&] {
      backend_ = std::make_shared<lake::LocalBackend>(id);
      return val::undefined();
    });
  }
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
  [[nodiscard]] std::string id() const { return backend_->id(); }
  [[nodiscard]] std::shared_ptr<lake::LocalBackend> shared() const { return backend_; }

 private:
  std::shared_ptr<lake::LocalBackend> backend_;
};

class LakeHandle {
 public:
  val init(const std::string& consistency, double ttl_ms, double rerank_factor, double seed_hi, double seed_lo,
           const std::string& metric, double bits, double max_entries, double max_bytes) {
    return guarded([&] {
      lake::LakeOptions options;
      options.consistency =
          lake::parse_consistency(consistency, static_cast<std::uint64_t>(integer_arg(ttl_ms, "ttlMs", 0)));
      options.rerank_factor = static_cast<std::uint64_t>(integer_arg(rerank_factor, "rerankFactor", 0));
      options.rotation_seed = (static_cast<std::uint64_t>(integer_arg(seed_hi, "seed (high word)", 0)) << 32U) |
                              static_cast<std::uint64_t>(integer_arg(seed_lo, "seed (low word)", 0));
      options.metric = parse_metric(metric);
      options.bits = static_cast<int>(integer_arg(bits, "bits"));
      options.limits = {count_arg(max_entries, "maxEntries"), count_arg(max_bytes, "maxBytes")};
      lake_ = std::make_unique<lake::Lake>(options);
      return val::undefined();
    });
  }
  val register_local(const LocalBackendHandle& backend) {
    return guarded([&] {
      lake_->register_backend(backend.shared());
      return val::undefined();
    });
  }
  val search(const std::string& backend, const std::string& collection, std::uintptr_t queries, double count,
             double k) {
    return guarded([&] {
      return search_results_to_js(lake_->search(
          {backend, collection}, heap_span<float>(queries, count_arg(count, "queries")), integer_arg(k, "k")));
    });
  }
  val search_federated(const val& targets, std::uintptr_t queries, double count, double k) {
    return guarded([&] {
      std::vector<lake::CollectionKey> keys;
      const auto n = targets["length"].as<unsigned>();
      for (unsigned i = 0; i < n; ++i) {
        keys.push_back({targets[i][0].as<std::string>(), targets[i][1].as<std::string>()});
      }
      return federated_to_js(
          lake_->search_federated(keys, heap_span<float>(queries, count_arg(count, "queries")), integer_arg(k, "k")));
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

}  // namespace
}  // namespace ruvector::wasm

EMSCRIPTEN_BINDINGS(ruvector_lake) {
  using namespace ruvector::wasm;  // NOLINT(google-build-using-namespace)
  emscripten::class_<LocalBackendHandle>("LocalBackendHandle")
      .constructor<>()
      .function("init", &LocalBackendHandle::init)
      .function("put", &LocalBackendHandle::put)
      .function("append", &LocalBackendHandle::append)
      .function("remove", &LocalBackendHandle::remove)
      .function("id", &LocalBackendHandle::id);
  emscripten::class_<LakeHandle>("LakeHandle")
      .constructor<>()
      .function("init", &LakeHandle::init)
      .function("registerLocal", &LakeHandle::register_local)
      .function("search", &LakeHandle::search)
      .function("searchFederated", &LakeHandle::search_federated)
      .function("prime", &LakeHandle::prime)
      .function("refresh", &LakeHandle::refresh)
      .function("invalidate", &LakeHandle::invalidate)
      .function("stats", &LakeHandle::stats)
      .function("witnessOf", &LakeHandle::witness_of)
      .function("entryCount", &LakeHandle::entry_count);
  emscripten::function("mergeShardResults", &merge_shard_results);
}
