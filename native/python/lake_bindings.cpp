// nanobind glue for ruLake: arrays, options and errors are translated; a Python backend (a subclass
// of ruvector.lake.Backend) is called back from the core with the GIL taken for each call.
#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>
#include <nanobind/stl/map.h>
#include <nanobind/stl/optional.h>
#include <nanobind/stl/pair.h>
#include <nanobind/stl/shared_ptr.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/string_view.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "arrays.hpp"
#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/lake/bundle_fetch.hpp"
#include "ruvector/lake/federation.hpp"
#include "ruvector/lake/fs_backend.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/local_backend.hpp"
#include "ruvector/lake/shard_map.hpp"
#include "ruvector/lake/sidecar.hpp"

namespace nb = nanobind;
using namespace nb::literals;
using namespace ruvector::python;  // NOLINT(google-build-using-namespace)
namespace lake = ruvector::lake;

namespace {

std::size_t dim_of(const F32Matrix& vectors) {
  return vectors.shape(1);
}

lake::Generation generation_from(const nb::handle& value) {
  if (nb::isinstance<nb::str>(value)) return nb::cast<std::string>(value);
  if (nb::isinstance<nb::int_>(value) && !nb::isinstance<nb::bool_>(value)) {
    std::uint64_t number = 0;
    if (nb::try_cast(value, number)) return number;
  }
  throw ruvector::Error(ruvector::ErrorCode::kInvalidInput, "a generation must be an int in [0, 2**64) or a str, got " +
                                                                nb::cast<std::string>(nb::repr(value)));
}

// A coalesced search's Done for a Python callable `done(result, error_name, message)`, called with
// the GIL on a batch thread: result is (ids, distances), or None with the ruvector.errors class name
// and message. It holds `lake` (the Python Lake) until then, so the lake outlives its searches
// (Lake::search_coalesced's contract); both references are dropped under the GIL, never without it.
lake::SearchCoalescer::Done coalesced_done(nb::object lake, nb::object done) {
  struct Held {
    nb::object lake;
    nb::object done;
  };
  auto held = std::make_shared<Held>(Held{std::move(lake), std::move(done)});
  return [held](ruvector::SearchResults&& results, const std::exception_ptr& error) {
    const nb::gil_scoped_acquire gil;
    const nb::object keep_lake = std::move(held->lake);
    const nb::object callback = std::move(held->done);
    try {
      if (!error) {
        callback(search_results(std::move(results)), nb::none(), nb::none());
        return;
      }
      try {
        std::rethrow_exception(error);
      } catch (const ruvector::Error& e) {
        callback(nb::none(), std::string(e.name()), std::string(e.what()));
      } catch (const std::exception& e) {
        callback(nb::none(), "RuVectorError", std::string(e.what()));
      }
    } catch (nb::python_error& e) {  // the loop may be closed: nobody awaits the answer any more
      e.discard_as_unraisable("ruvector: delivering a coalesced search result");
    }
  };
}

std::string bytes_of(const nb::handle& value, const char* what) {
  if (!nb::isinstance<nb::bytes>(value)) {
    throw ruvector::Error(ruvector::ErrorCode::kInvalidInput,
                          std::string(what) + " must be bytes, got " + nb::cast<std::string>(nb::repr(value.type())));
  }
  const auto b = nb::borrow<nb::bytes>(value);
  return {b.c_str(), b.size()};
}

nb::object generation_to_python(const lake::Generation& generation) {
  if (const auto* number = std::get_if<std::uint64_t>(&generation)) return nb::int_(*number);
  return nb::str(std::get<std::string>(generation).c_str());
}

// A backend written in Python. Its `_native_*` methods (ruvector.lake.Backend) already normalised
// the user's values to contiguous uint64 / float32 arrays; this class only copies them.
class PythonBackend final : public lake::Backend {
 public:
  explicit PythonBackend(nb::object impl) : impl_(std::move(impl)) {
    const nb::object id = nb::getattr(impl_, "id", nb::none());
    if (!nb::isinstance<nb::str>(id) || nb::len(id) == 0) {
      throw ruvector::Error(ruvector::ErrorCode::kInvalidInput,
                            "a backend's id must be a non-empty str, got " + nb::cast<std::string>(nb::repr(id)));
    }
    id_ = nb::borrow<nb::str>(id).c_str();
    for (const std::string& key : nb::cast<std::vector<std::string>>(impl_.attr("_native_trusted_keys")())) {
      trusted_.push_back(ruvector::witness::NoteVerifier::parse(key));
    }
  }
  PythonBackend(const PythonBackend&) = delete;
  PythonBackend& operator=(const PythonBackend&) = delete;
  PythonBackend(PythonBackend&&) = delete;
  PythonBackend& operator=(PythonBackend&&) = delete;
  ~PythonBackend() override {
    // The last reference may go on a worker thread; at interpreter exit the object is left alone.
    if (Py_IsInitialized() == 0) {
      impl_.release();
      return;
    }
    const nb::gil_scoped_acquire gil;
    impl_.reset();
  }

  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override {
    const nb::gil_scoped_acquire gil;
    return nb::cast<std::vector<std::string>>(impl_.attr("list_collections")());
  }
  [[nodiscard]] lake::PulledBatch pull(const std::string& collection) const override {
    const nb::gil_scoped_acquire gil;
    const nb::tuple got = nb::cast<nb::tuple>(impl_.attr("_native_pull")(collection));
    const auto ids = nb::cast<U64Vector>(got[0]);
    const auto vectors = nb::cast<F32Matrix>(got[1]);
    lake::PulledBatch batch;
    batch.ids.assign(ids.data(), ids.data() + ids.size());
    batch.vectors.assign(vectors.data(), vectors.data() + vectors.size());
    batch.dim = vectors.shape(1);
    batch.generation = generation_from(got[2]);
    return batch;
  }
  [[nodiscard]] lake::Generation generation(const std::string& collection) const override {
    const nb::gil_scoped_acquire gil;
    return generation_from(impl_.attr("generation")(collection));
  }
  [[nodiscard]] std::size_t dimension(const std::string& collection) const override {
    {
      const nb::gil_scoped_acquire gil;
      const nb::object dim = impl_.attr("_native_dim")(collection);
      if (!dim.is_none()) return nb::cast<std::size_t>(dim);
    }
    return Backend::dimension(collection);
  }
  [[nodiscard]] std::string data_ref(const std::string& collection) const override {
    {
      const nb::gil_scoped_acquire gil;
      const nb::object ref = impl_.attr("_native_data_ref")(collection);
      if (!ref.is_none()) return nb::cast<std::string>(ref);
    }
    return Backend::data_ref(collection);
  }
  // A backend of published bundles (HttpBundleBackend) hands over the sidecar's bytes; the core
  // parses and checks them and describes the collection by them.
  [[nodiscard]] lake::BundleDescriptor current_bundle(const std::string& collection, std::uint64_t rotation_seed,
                                                      std::uint64_t rerank_factor) const override {
    std::string sidecar;
    {
      const nb::gil_scoped_acquire gil;
      const nb::object got = impl_.attr("_native_sidecar")(collection);
      if (got.is_none()) return Backend::current_bundle(collection, rotation_seed, rerank_factor);
      sidecar = bytes_of(got, "sidecar");
    }
    lake::BundleDescriptor bundle = lake::parse_sidecar(sidecar).bundle;
    bundle.rotation_seed = rotation_seed;
    bundle.rerank_factor = rerank_factor;
    return bundle;
  }
  [[nodiscard]] std::span<const ruvector::witness::NoteVerifier> trusted_keys() const override { return trusted_; }
  [[nodiscard]] std::optional<lake::BundleBytes> pull_bundle(const std::string& collection) const override {
    const nb::gil_scoped_acquire gil;
    const nb::object got = impl_.attr("_native_pull_bundle")(collection);
    if (got.is_none()) return std::nullopt;
    // A completed BundleFetch: its files agree, the backend's trusted keys come along.
    return nb::cast<lake::BundleFetch&>(got).take();
  }

 private:
  nb::object impl_;
  std::string id_;
  std::vector<ruvector::witness::NoteVerifier> trusted_;  // read once, at registration
};

nb::dict stats_dict(const lake::CacheStats& s) {
  nb::dict d;
  d["hits"] = s.hits;
  d["misses"] = s.misses;
  d["primes"] = s.primes;
  d["invalidations"] = s.invalidations;
  d["shared_hits"] = s.shared_hits;
  d["warm_installs"] = s.warm_installs;
  d["total_prime_ms"] = s.total_prime_ms;
  d["last_prime_ms"] = s.last_prime_ms;
  return d;
}

nb::tuple pulled(const lake::PulledBatch& batch) {
  std::vector<std::uint64_t> ids = batch.ids;
  std::vector<float> vectors = batch.vectors;
  const std::size_t rows = ids.size();
  auto ids_array = to_numpy(std::move(ids), 1, rows);
  return nb::make_tuple(ids_array, to_numpy(std::move(vectors), rows, batch.dim),
                        generation_to_python(batch.generation));
}

template <class B>
void bind_writable_backend(nb::class_<B, lake::Backend>& cls) {
  cls.def(
         "put_collection",
         [](B& self, const std::string& collection, const F32Matrix& vectors, const U64Vector& ids) {
           const nb::gil_scoped_release unlocked;
           self.put_collection(collection, dim_of(vectors), span_of(ids), span_of(vectors));
         },
         "collection"_a, "vectors"_a.noconvert(), "ids"_a.noconvert())
      .def(
          "append",
          [](B& self, const std::string& collection, const F32Matrix& vectors, const U64Vector& ids) {
            const nb::gil_scoped_release unlocked;
            self.append(collection, span_of(ids), span_of(vectors));
          },
          "collection"_a, "vectors"_a.noconvert(), "ids"_a.noconvert())
      .def(
          "delete",
          [](B& self, const std::string& collection, const U64Vector& ids) {
            const nb::gil_scoped_release unlocked;
            return self.delete_ids(collection, span_of(ids));
          },
          "collection"_a, "ids"_a.noconvert());
}

nb::tuple federated_results(lake::FederatedResults&& r) {
  const std::size_t q = r.queries;
  const std::size_t cols = r.k;
  return nb::make_tuple(to_numpy(std::move(r.ids), q, cols), to_numpy(std::move(r.distances), q, cols),
                        to_numpy(std::move(r.shards), q, cols));
}

// Per-shard (ids, distances) pairs of (queries, k_s) arrays, as shard searches return them.
lake::FederatedResults merge_parts(const std::vector<std::pair<U64Matrix, F32Matrix>>& parts, std::int64_t k) {
  ruvector::check_k(k);
  std::vector<ruvector::SearchResults> shards;
  shards.reserve(parts.size());
  for (std::size_t s = 0; s < parts.size(); ++s) {
    const auto& [ids, distances] = parts[s];
    if (ids.shape(0) != distances.shape(0) || ids.shape(1) != distances.shape(1)) {
      throw ruvector::Error(ruvector::ErrorCode::kInvalidInput,
                            "shard " + std::to_string(s) + ": ids are " + std::to_string(ids.shape(0)) + "x" +
                                std::to_string(ids.shape(1)) + " but distances " + std::to_string(distances.shape(0)) +
                                "x" + std::to_string(distances.shape(1)));
    }
    ruvector::SearchResults r;
    r.queries = ids.shape(0);
    r.k = ids.shape(1);
    r.ids.assign(ids.data(), ids.data() + ids.size());
    r.distances.assign(distances.data(), distances.data() + distances.size());
    shards.push_back(std::move(r));
  }
  const nb::gil_scoped_release unlocked;
  return lake::merge_shard_results(shards, static_cast<std::size_t>(k));
}

lake::CollectionKey key_of(const std::pair<std::string, std::string>& target) {
  return {target.first, target.second};
}

}  // namespace

void register_lake(nb::module_& m) {
  nb::class_<lake::Backend>(m, "LakeBackend")
      .def_prop_ro("id", &lake::Backend::id)
      .def("list_collections", &lake::Backend::list_collections)
      .def(
          "pull",
          [](const lake::Backend& self, const std::string& collection) {
            lake::PulledBatch batch;
            {
              const nb::gil_scoped_release unlocked;
              batch = self.pull(collection);
            }
            return pulled(batch);
          },
          "collection"_a)
      .def(
          "generation",
          [](const lake::Backend& self, const std::string& collection) {
            lake::Generation g;
            {
              const nb::gil_scoped_release unlocked;
              g = self.generation(collection);
            }
            return generation_to_python(g);
          },
          "collection"_a)
      .def("data_ref", &lake::Backend::data_ref, "collection"_a);

  nb::class_<lake::BundleFetch>(m, "BundleFetch")
      .def(nb::init<std::string, std::vector<std::string>>(), "where"_a, "trusted_keys"_a)
      .def("next_file",
           [](const lake::BundleFetch& self) -> std::optional<std::string> {
             const std::string_view name = self.next_file();
             if (name.empty()) return std::nullopt;
             return std::string(name);
           })
      .def(
          "put",
          [](lake::BundleFetch& self, const nb::bytes& data) {
            std::vector<std::uint8_t> bytes(data.size());
            std::copy_n(static_cast<const std::uint8_t*>(data.data()), data.size(), bytes.data());
            const nb::gil_scoped_release unlocked;  // the last file is hashed
            self.put(std::move(bytes));
          },
          "data"_a)
      .def_prop_ro("attempt", &lake::BundleFetch::attempt);

  nb::class_<lake::LocalBackend, lake::Backend> local(m, "LocalBackend");
  local.def(nb::new_([](const std::string& id) { return std::make_shared<lake::LocalBackend>(id); }), "id"_a)
      .def("drop_collection", &lake::LocalBackend::drop_collection, "collection"_a);
  bind_writable_backend(local);

  nb::class_<lake::FsBackend, lake::Backend> fs(m, "FsBackend");
  fs.def(nb::new_([](const std::string& id, const std::string& root) {
           return std::make_shared<lake::FsBackend>(id, root);
         }),
         "id"_a, "root"_a)
      .def_prop_ro("root", &lake::FsBackend::root);
  bind_writable_backend(fs);

  // An option left None takes the core's default (LakeOptions{}), spelled nowhere in Python.
  nb::class_<lake::Lake>(m, "Lake")
      .def(nb::new_([](std::optional<std::string_view> consistency, std::optional<std::uint64_t> ttl_ms,
                       std::optional<std::uint64_t> rerank_factor, std::optional<std::uint64_t> rotation_seed,
                       std::optional<std::string_view> metric, std::optional<int> bits,
                       std::optional<std::string_view> store, std::optional<std::size_t> max_entries,
                       std::optional<std::size_t> max_bytes, std::optional<unsigned> threads) {
             lake::LakeOptions options;
             if (consistency) options.consistency = lake::parse_consistency(*consistency, ttl_ms.value_or(0));
             options.rerank_factor = rerank_factor.value_or(options.rerank_factor);
             options.rotation_seed = rotation_seed.value_or(options.rotation_seed);
             if (metric) options.metric = ruvector::parse_metric(*metric);
             options.bits = bits.value_or(options.bits);
             if (store) options.store = ruvector::rabitq::parse_store(*store);
             options.limits.max_entries = max_entries.value_or(options.limits.max_entries);
             options.limits.max_bytes = max_bytes.value_or(options.limits.max_bytes);
             options.threads = threads.value_or(options.threads);
             return std::make_shared<lake::Lake>(options);
           }),
           "consistency"_a = nb::none(), "ttl_ms"_a = nb::none(), "rerank_factor"_a = nb::none(),
           "rotation_seed"_a = nb::none(), "metric"_a = nb::none(), "bits"_a = nb::none(), "store"_a = nb::none(),
           "max_entries"_a = nb::none(), "max_bytes"_a = nb::none(), "threads"_a = nb::none())
      .def_static("defaults_json", &lake::defaults_json)
      .def("options_json", [](const lake::Lake& self) { return lake::options_json(self.options()); })
      .def(
          "register",
          [](lake::Lake& self, std::shared_ptr<lake::Backend> backend) { self.register_backend(std::move(backend)); },
          "backend"_a)
      .def(
          "register_python",
          [](lake::Lake& self, nb::object impl) {
            self.register_backend(std::make_shared<PythonBackend>(std::move(impl)));
          },
          "impl"_a)
      .def("backend_ids", &lake::Lake::backend_ids)
      .def(
          "train_partition",
          [](const lake::Lake& self, const F32Matrix& vectors) {
            const nb::gil_scoped_release unlocked;
            return self.train_partition(span_of(vectors), dim_of(vectors));
          },
          "vectors"_a.noconvert())
      .def(
          "set_partition",
          [](lake::Lake& self, const std::string& backend, const std::string& collection,
             const ruvector::rabitq::RabitqIndex* partition) {
            self.set_partition({backend, collection},
                               partition == nullptr
                                   ? nullptr
                                   : std::make_shared<const ruvector::rabitq::RabitqIndex>(partition->empty_copy()));
          },
          "backend"_a, "collection"_a, "partition"_a.none())
      .def(
          "search",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const F32Matrix& queries,
             std::int64_t k, std::int64_t nprobe, double rerank_factor) {
            ruvector::SearchResults r;
            {
              const nb::gil_scoped_release unlocked;
              r = self.search({backend, collection}, span_of(queries), k, {nprobe, rerank_factor, 0}, dim_of(queries));
            }
            return search_results(std::move(r));
          },
          "backend"_a, "collection"_a, "queries"_a.noconvert(), "k"_a, "nprobe"_a, "rerank_factor"_a)
      .def(
          "search_submit",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const F32Matrix& queries,
             std::int64_t k, std::int64_t nprobe, double rerank_factor, nb::object done) {
            self.search_coalesced({backend, collection}, span_of(queries), dim_of(queries), k,
                                  {nprobe, rerank_factor, 0}, coalesced_done(nb::find(self), std::move(done)));
          },
          "backend"_a, "collection"_a, "queries"_a.noconvert(), "k"_a, "nprobe"_a, "rerank_factor"_a, "done"_a)
      .def("coalesced_counts",
           [](const lake::Lake& self) {
             const auto c = self.coalesced_counts();
             return std::make_pair(c.batches, c.searches);
           })
      .def(
          "search_federated",
          [](lake::Lake& self, const std::vector<std::pair<std::string, std::string>>& targets,
             const F32Matrix& queries, std::int64_t k, std::int64_t nprobe, double rerank_factor) {
            std::vector<lake::CollectionKey> keys;
            keys.reserve(targets.size());
            for (const auto& t : targets) keys.push_back(key_of(t));
            lake::FederatedResults r;
            {
              const nb::gil_scoped_release unlocked;
              r = self.search_federated(keys, span_of(queries), k, {nprobe, rerank_factor, 0}, dim_of(queries));
            }
            return federated_results(std::move(r));
          },
          "targets"_a, "queries"_a.noconvert(), "k"_a, "nprobe"_a, "rerank_factor"_a)
      .def(
          "prime",
          [](lake::Lake& self, const std::string& backend, const std::string& collection) {
            const nb::gil_scoped_release unlocked;
            self.prime({backend, collection});
          },
          "backend"_a, "collection"_a)
      .def(
          "refresh",
          [](lake::Lake& self, const std::string& backend, const std::string& collection) {
            const nb::gil_scoped_release unlocked;
            return self.refresh({backend, collection});
          },
          "backend"_a, "collection"_a)
      .def(
          "invalidate",
          [](lake::Lake& self, const std::string& backend, const std::string& collection) {
            return self.invalidate({backend, collection});
          },
          "backend"_a, "collection"_a)
      .def(
          "pin",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, bool pinned) {
            self.pin({backend, collection}, pinned);
          },
          "backend"_a, "collection"_a, "pinned"_a)
      .def(
          "set_consistency",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, std::string_view mode,
             std::uint64_t ttl_ms) {
            self.set_consistency({backend, collection}, lake::parse_consistency(mode, ttl_ms));
          },
          "backend"_a, "collection"_a, "mode"_a, "ttl_ms"_a)
      .def(
          "consistency_of",
          [](const lake::Lake& self, const std::string& backend, const std::string& collection) {
            const lake::Consistency c = self.consistency_of({backend, collection});
            return nb::make_tuple(std::string(lake::consistency_name(c)), c.ttl_ms);
          },
          "backend"_a, "collection"_a)
      .def(
          "publish_bundle",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const std::string& dir,
             const std::optional<std::string>& signer_key, const std::string& log_dir) {
            std::optional<ruvector::witness::NoteSigner> signer;
            if (signer_key) signer.emplace(ruvector::witness::NoteSigner::parse(*signer_key));
            const nb::gil_scoped_release unlocked;
            return self.publish_bundle({backend, collection}, dir, signer ? &*signer : nullptr, log_dir);
          },
          "backend"_a, "collection"_a, "dir"_a, "signer_key"_a = nb::none(), "log_dir"_a = "")
      .def(
          "save_cache_to_dir",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const std::string& dir) {
            const nb::gil_scoped_release unlocked;
            return self.save_cache_to_dir({backend, collection}, dir);
          },
          "backend"_a, "collection"_a, "dir"_a)
      .def(
          "warm_from_dir",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const std::string& dir,
             const std::vector<std::string>& trusted_keys) {
            std::vector<ruvector::witness::NoteVerifier> trusted;
            for (const std::string& k : trusted_keys) trusted.push_back(ruvector::witness::NoteVerifier::parse(k));
            const nb::gil_scoped_release unlocked;
            return self.warm_from_dir({backend, collection}, dir, trusted);
          },
          "backend"_a, "collection"_a, "dir"_a, "trusted_keys"_a = std::vector<std::string>{})
      .def(
          "refresh_from_bundle_dir",
          [](lake::Lake& self, const std::string& backend, const std::string& collection, const std::string& dir) {
            lake::Lake::RefreshResult result{};
            {
              const nb::gil_scoped_release unlocked;
              result = self.refresh_from_bundle_dir({backend, collection}, dir);
            }
            return std::string(lake::refresh_result_name(result));
          },
          "backend"_a, "collection"_a, "dir"_a)
      .def("stats", [](const lake::Lake& self) { return stats_dict(self.stats()); })
      .def("stats_by_backend",
           [](const lake::Lake& self) {
             nb::dict d;
             for (const auto& [backend, s] : self.stats_by_backend()) d[backend.c_str()] = stats_dict(s);
             return d;
           })
      .def("stats_by_collection",
           [](const lake::Lake& self) {
             nb::dict d;
             for (const auto& [key, s] : self.stats_by_collection()) {
               d[nb::make_tuple(key.backend, key.collection)] = stats_dict(s);
             }
             return d;
           })
      .def(
          "witness_of",
          [](const lake::Lake& self, const std::string& backend, const std::string& collection) {
            return self.witness_of({backend, collection});
          },
          "backend"_a, "collection"_a)
      .def("refcount_of", &lake::Lake::refcount_of, "witness"_a)
      .def_prop_ro("entry_count", &lake::Lake::entry_count)
      .def_prop_ro("cache_bytes", &lake::Lake::cache_bytes);

  m.def(
      "merge_shard_results",
      [](const std::vector<std::pair<U64Matrix, F32Matrix>>& parts, std::int64_t k) {
        return federated_results(merge_parts(parts, k));
      },
      "parts"_a, "k"_a);

  nb::class_<lake::ShardMap>(m, "ShardMap")
      .def_static(
          "over",
          [](std::string_view rule, const U64Vector& ids, std::int64_t shards) {
            return lake::ShardMap::over(lake::parse_shard_rule(rule), span_of(ids), shards);
          },
          "rule"_a, "ids"_a.noconvert(), "shards"_a)
      .def_static("range_from_bounds", &lake::ShardMap::range_from_bounds, "bounds"_a)
      .def_prop_ro("rule", [](const lake::ShardMap& self) { return std::string(lake::shard_rule_name(self.rule())); })
      .def_prop_ro("shards", &lake::ShardMap::shards)
      .def_prop_ro("bounds", &lake::ShardMap::bounds)
      .def(
          "assign",
          [](const lake::ShardMap& self, const U64Vector& ids) {
            std::vector<std::uint32_t> shards = self.assign(span_of(ids));
            const std::size_t n = shards.size();
            return to_numpy(std::move(shards), 1, n);
          },
          "ids"_a.noconvert());
}
