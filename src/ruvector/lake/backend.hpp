// What ruLake needs from a place where vectors live (upstream's BackendAdapter): list the
// collections, pull one whole, and report a coherence token (the generation) that changes whenever
// the collection's contents change. The lake caches by the bundle identity the backend reports
// (data_ref, dim, rotation seed, rerank factor, generation), so two backends serving the same bytes
// share one cache entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "ruvector/witness/bundle_witness.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::lake {

// A backend's coherence token: a counter, or an opaque string (a snapshot id, an etag, ...).
using witness::Generation;

std::string generation_to_string(const Generation& generation);

// One collection, pulled whole. Row i of `vectors` (row-major, `dim` floats) has external id ids[i].
struct PulledBatch {
  std::vector<std::uint64_t> ids;
  std::vector<float> vectors;
  std::size_t dim = 0;
  Generation generation = std::uint64_t{0};
};

// A published bundle as bytes (the sidecar `table.rulake.json` and `index.rvq`), for backends that
// serve bundles someone else built (over HTTP): the lake installs the index instead of rebuilding it.
struct BundleBytes {
  std::vector<std::uint8_t> sidecar;
  std::vector<std::uint8_t> index;
  std::string where;  // names the bundle in errors (its URL)
  // bundle.witness.json; when present, the lake checks the bundle as read_bundle does (content
  // witness, index bytes) before installing it, whether it came from warm_from_bytes or pull_bundle.
  std::vector<std::uint8_t> witness;
  // Keys one of which must have signed the bundle's checkpoint (a backend's trusted keys): the lake
  // then checks it and the bundle's log inclusion too, and a bundle without a witness file is a
  // WitnessMismatch. Empty: no signature is checked.
  std::vector<witness::NoteVerifier> trusted;
};

// Caps on what a backend may hand the lake: a hostile or broken backend fails one search with
// InvalidInput instead of exhausting memory.
inline constexpr std::size_t kMaxPulledDim = 1U << 16U;
inline constexpr std::uint64_t kMaxPulledVectors = 1ULL << 32U;

// Throws InvalidInput / DimensionMismatch naming `what` unless ids, vectors and dim agree.
void validate_pulled_batch(const PulledBatch& batch, const std::string& what);

// The identity of a collection's current contents: upstream's RuLakeBundle fields. Two descriptors
// with equal fields are interchangeable for any query.
struct BundleDescriptor {
  std::string data_ref;  // where the authoritative bytes live, e.g. "file:///data/lake/articles"
  std::size_t dim = 0;
  std::uint64_t rotation_seed = 0;
  std::uint64_t rerank_factor = 0;
  Generation generation = std::uint64_t{0};
};

// The descriptor's upstream bundle witness (SHAKE-256, lower-case hex): the cache key.
std::string bundle_witness_of(const BundleDescriptor& bundle);

class Backend {
 public:
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;
  Backend(Backend&&) = delete;
  Backend& operator=(Backend&&) = delete;
  virtual ~Backend() = default;

  // Unique per registered backend within a lake.
  [[nodiscard]] virtual std::string id() const = 0;
  [[nodiscard]] virtual std::vector<std::string> list_collections() const = 0;
  // Everything in `collection`. Unknown collections throw InvalidInput naming backend and collection.
  [[nodiscard]] virtual PulledBatch pull(const std::string& collection) const = 0;
  [[nodiscard]] virtual Generation generation(const std::string& collection) const = 0;
  // The collection's vector width; the default pulls, real backends know it cheaply.
  [[nodiscard]] virtual std::size_t dimension(const std::string& collection) const;
  // Where the collection's bytes live; defaults to "<id>://<collection>". Backends that serve the
  // same bytes under different ids return the same data_ref to share cache entries.
  [[nodiscard]] virtual std::string data_ref(const std::string& collection) const;
  // Backends of published bundles return the bundle instead of rows; the lake then calls no pull()
  // and checks the bundle as warm_from_dir does. The default (nullopt) means "pull rows".
  [[nodiscard]] virtual std::optional<BundleBytes> pull_bundle(const std::string& collection) const;
  // Keys one of which must have signed the bundle any of this backend's collections is served from
  // (a backend of published bundles given trusted keys): the lake then serves it only from an entry
  // whose checks one of them passed, never from one another key installed under the same bundle
  // witness. Empty (the default): no signature is asked for. Fixed for the backend's lifetime.
  [[nodiscard]] virtual std::span<const witness::NoteVerifier> trusted_keys() const { return {}; }
  // The descriptor of what `collection` holds now. Called on every coherence check.
  [[nodiscard]] virtual BundleDescriptor current_bundle(const std::string& collection, std::uint64_t rotation_seed,
                                                        std::uint64_t rerank_factor) const;
};

// "unknown collection 'x' in backend 'y'" as InvalidInput.
[[noreturn]] void throw_unknown_collection(const std::string& backend, const std::string& collection);

}  // namespace ruvector::lake
