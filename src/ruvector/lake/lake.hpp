// ruLake: a cache of RaBitQ indexes over vector backends. A search on (backend, collection) checks
// coherence as the consistency mode says, primes (pull + build) on a miss, and answers from RAM.
//
// Concurrency: the lake's mutex covers bookkeeping only. Backend calls, priming and index searches
// run outside it. One prime per key and per witness at a time: a search that finds such a prime under
// way answers from the key's previous entry when it has one, and waits for the prime only when there
// is nothing to answer from. The thread that primes answers from the new entry. Checks are numbered:
// a pointer only ever moves to what a later check saw, so a slow check never rolls a key back.
// Trust: a key whose backend has trusted keys is served only from an entry they checked (cache_table.hpp).
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "ruvector/core/metric.hpp"
#include "ruvector/lake/backend.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/cache_table.hpp"
#include "ruvector/lake/federation.hpp"
#include "ruvector/lake/search_coalescer.hpp"
#include "ruvector/lake/sidecar.hpp"
#include "ruvector/lake/stats.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::lake {

struct Consistency {
  enum class Mode : std::uint8_t { kFresh, kEventual, kFrozen };
  Mode mode = Mode::kFresh;
  std::uint64_t ttl_ms = 0;  // kEventual only

  static Consistency fresh() { return {}; }
  static Consistency eventual(std::uint64_t ttl_ms) { return {Mode::kEventual, ttl_ms}; }
  static Consistency frozen() { return {Mode::kFrozen, 0}; }
  friend bool operator==(const Consistency&, const Consistency&) = default;
};

// "fresh" | "frozen" | "eventual" (with ttl_ms); anything else is InvalidInput naming it.
Consistency parse_consistency(std::string_view mode, std::uint64_t ttl_ms = 0);
std::string_view consistency_name(const Consistency& consistency);

// A lake's options; the defaults are the index's (rabitq/params.hpp) and are spelled nowhere else:
// the bindings leave an option out (None / undefined) to get them, and show them by defaults_json().
struct LakeOptions {
  Consistency consistency;
  std::uint64_t rotation_seed = rabitq::kDefaultSeed;
  // The per-query rerank budget of every cached index.
  std::uint64_t rerank_factor = static_cast<std::uint64_t>(rabitq::kDefaultRerankFactor);
  Metric metric = Metric::kL2;
  int bits = rabitq::kDefaultBits;
  rabitq::VectorStore store = rabitq::kDefaultStore;
  CacheLimits limits;
  unsigned threads = 0;  // priming and federated fan-out; 0 = all cores
};

// `options` as one JSON object with the bindings' option names (snake_case): consistency, ttl_ms,
// rerank_factor, rotation_seed, metric, bits, store, max_entries, max_bytes (0 = unbounded), threads.
std::string options_json(const LakeOptions& options);
// options_json(LakeOptions{}): what a lake built without options uses.
std::string defaults_json();

// Where publish_bundle keeps the transparency log unless told: `transparency-log` beside the bundle
// directory (so every bundle published under one parent shares one log).
std::string default_log_dir(const std::string& bundle_dir);

class Lake {
 public:
  explicit Lake(LakeOptions options = {});

  // InvalidInput if a backend with the same id is registered.
  void register_backend(std::shared_ptr<Backend> backend);
  [[nodiscard]] std::vector<std::string> backend_ids() const;
  [[nodiscard]] std::shared_ptr<Backend> backend(const std::string& id) const;

  // The partition one index over these rows (m x dim) would have, trained with this lake's
  // parameters and holding none of them (RabitqIndex::train: with that index's calibrated nprobe
  // and calibration table, so every part searches with the same default). Given to every key that holds a part
  // of those rows (set_partition), their federated search probes the lists that one index probes, and
  // with the full rerank budget per part it finds every candidate that index reranks: the merged
  // top k is never farther than the one index's at the same nprobe and rerank factor.
  [[nodiscard]] rabitq::RabitqIndex train_partition(std::span<const float> vectors, std::size_t dim) const;
  // `key`'s index is built in `partition` from now on (nullptr: in its own again), and a bundle
  // built in another one is refused. InvalidInput unless the partition has this lake's seed,
  // metric, bits and store. Drops the key's current entry, so its next search primes or warms.
  void set_partition(const CollectionKey& key, std::shared_ptr<const rabitq::RabitqIndex> partition);
  // Per-collection override of the lake's consistency mode.
  void set_consistency(const CollectionKey& key, Consistency consistency);
  [[nodiscard]] Consistency consistency_of(const CollectionKey& key) const;
  [[nodiscard]] const LakeOptions& options() const noexcept { return options_; }

  // queries: (m x dim) row-major. A batch counts as one coherence check. `width`: the row width of a
  // caller whose queries carry one (a binding's matrix), checked against the collection's dim
  // (DimensionMismatch), so two 64-wide rows are never read as one 128-d query; 0: whole rows of dim.
  [[nodiscard]] SearchResults search(const CollectionKey& key, std::span<const float> queries, std::int64_t k,
                                     const rabitq::SearchParams& params = {}, std::size_t width = 0);
  // Fans out to every target in parallel with the full k and rerank budget each, merges by exact
  // distance (ties by id, then target order).
  [[nodiscard]] FederatedResults search_federated(std::span<const CollectionKey> targets,
                                                  std::span<const float> queries, std::int64_t k,
                                                  const rabitq::SearchParams& params = {}, std::size_t width = 0);
  // Queues a search to be answered together with the searches of its group that arrive meanwhile,
  // as one batch (search_coalescer.hpp); `done` runs on a batch thread. Bad input throws here.
  // Native only. The lake must outlive the search until `done` has returned.
  void search_coalesced(const CollectionKey& key, std::span<const float> queries, std::size_t width, std::int64_t k,
                        const rabitq::SearchParams& params, SearchCoalescer::Done done);
  [[nodiscard]] SearchCoalescer::Counts coalesced_counts() const { return coalescer_.counts(); }

  // Checks coherence now, whatever the consistency mode, and primes if the cache is absent or stale.
  void prime(const CollectionKey& key);
  // As prime(), for an explicit refresh: returns true when the key now points at a different entry.
  bool refresh(const CollectionKey& key);
  // Drops the key's pointer (its entry goes with the last pointer); returns whether it had one.
  bool invalidate(const CollectionKey& key);
  // Whether a search on `key` (with `force`: a prime or refresh) asks the backend for its generation
  // now, by the key's consistency mode. For bindings whose backends answer asynchronously (JS
  // adapters returning Promises): they fetch what the core will ask for, then call it synchronously.
  [[nodiscard]] bool check_due(const CollectionKey& key, bool force) const;
  // Whether answering `key` from what its backend describes now needs a pull (or a bundle): the key
  // points elsewhere and no cache entry has that witness.
  [[nodiscard]] bool needs_pull(const CollectionKey& key) const;
  // Installs a published bundle from its bytes under `key`, with warm_from_dir's checks (sidecar
  // witness; seed, rerank factor, dim, metric and bits). With `bundle.witness` (bundle.witness.json)
  // also its content witness and index bytes (bundle.hpp's read_bundle), and with `trusted` keys its
  // signed checkpoint and log inclusion; `trusted` without a witness file is a WitnessMismatch. The
  // trusted keys of the key's backend, when it is registered, must have signed it too. `where` names
  // the bundle in errors. Returns the count.
  std::size_t warm_from_bytes(const CollectionKey& key, const BundleBytes& bundle,
                              std::span<const witness::NoteVerifier> trusted = {});
  // A bundle as bytes (the sidecar JSON, index.rvq and bundle.witness.json), for targets without
  // directories: with `check`, as publish_bundle (coherence checked now, priming if needed); without,
  // as save_cache_to_dir (the entry the key points at; InvalidInput if not primed). No log entry.
  [[nodiscard]] BundleBytes bundle_bytes(const CollectionKey& key, bool check);
  // Pinned keys are never evicted by the LRU limits.
  void pin(const CollectionKey& key, bool pinned = true);

  // Bundle directories (bundle.hpp has the files and their verification), on the OS's file system
  // natively and on the module's in wasm (Pyodide's files under Pyodide). A bundle directory is
  // replaced as a whole, atomically: a crash leaves the previous bundle intact.
  enum class RefreshResult : std::uint8_t { kUpToDate, kInvalidated, kBundleMissing, kNotCached };
  // Checks coherence now (priming if needed) and publishes the key's entry to `dir` with its
  // witness file (content witness v2 + index root). With a signer, the bundle's entry is appended
  // to the transparency log in `log_dir` (default: default_log_dir(dir)), a checkpoint signed by
  // `signer` (origin: its key name) is written, and the bundle carries both with the inclusion
  // proof. Returns the sidecar's path.
  std::string publish_bundle(const CollectionKey& key, const std::string& dir,
                             const witness::NoteSigner* signer = nullptr, const std::string& log_dir = {});
  // Publishes the entry the key points at now, without asking the backend (InvalidInput if the key
  // is not primed): a snapshot for warm_from_dir (no log entry).
  std::string save_cache_to_dir(const CollectionKey& key, const std::string& dir);
  // Installs a saved bundle under `key` without a backend round trip or a rebuild, after checking
  // it as read_bundle does (content witness, index bytes; WitnessMismatch naming what differs) and,
  // when `trusted` keys are given, as verify_bundle does (signed checkpoint, log inclusion), and by
  // the key's backend's trusted keys too when it is registered; and that seed, rerank factor, dim,
  // metric and bits match this lake. Returns the number of vectors.
  std::size_t warm_from_dir(const CollectionKey& key, const std::string& dir,
                            std::span<const witness::NoteVerifier> trusted = {});
  // Compares the key's entry with a published sidecar: the same witness -> kUpToDate, another ->
  // the key is invalidated (kInvalidated), no sidecar -> kBundleMissing, key not cached -> kNotCached.
  RefreshResult refresh_from_bundle_dir(const CollectionKey& key, const std::string& dir);

  [[nodiscard]] CacheStats stats() const;
  [[nodiscard]] std::map<std::string, CacheStats> stats_by_backend() const;
  [[nodiscard]] std::map<CollectionKey, CacheStats> stats_by_collection() const;
  // Hex of the witness the key currently points at, if primed.
  [[nodiscard]] std::optional<std::string> witness_of(const CollectionKey& key) const;
  [[nodiscard]] std::uint32_t refcount_of(const std::string& witness_hex) const;
  [[nodiscard]] std::size_t entry_count() const;
  [[nodiscard]] std::size_t cache_bytes() const;

 private:
  enum class Check : std::uint8_t { kByConsistency, kForce };
  // The index to answer `key` from, after the coherence check `check` asks for.
  IndexPtr acquire(const CollectionKey& key, Check check, bool count_hit);
  // What acquire does once the backend named the current bundle: answer from a cached index, wait
  // for another thread's prime of it and check again, or (neither set) prime it itself.
  struct AfterCheck {
    IndexPtr answer;
    std::shared_future<void> prime_under_way;
  };
  // Decides under mutex_; when this thread is to prime, registers `done` as the prime's future.
  // `required`: the key's backend's trusted keys (Backend::trusted_keys).
  AfterCheck after_check_locked(const CollectionKey& key, const std::string& witness,
                                std::span<const witness::NoteVerifier> required, std::uint64_t check_number,
                                bool count_hit, std::promise<void>& done);
  IndexPtr use_locked(const CollectionKey& key, const std::string& entry, bool count_hit);
  IndexPtr prime_unlocked(const CollectionKey& key, const Backend& backend, BundleDescriptor bundle,
                          const std::string& witness, std::uint64_t check, std::promise<void>& done);
  // A published bundle's index, checked against this lake's parameters, its sidecar and what the
  // checks established.
  struct CheckedBundle {
    IndexPtr index;
    BundleSidecar sidecar;
    BundleTrust trust;
  };
  [[nodiscard]] CheckedBundle load_bundle(const BundleBytes& bundle,
                                          std::span<const witness::NoteVerifier> trusted = {}) const;
  // InvalidInput naming `where` unless the bundle was built with this lake's parameters.
  void check_bundle(const BundleSidecar& sidecar, const rabitq::RabitqIndex& index, const std::string& where) const;
  // The trusted keys of the key's backend, if it is registered (a warm install checks by them too).
  [[nodiscard]] std::vector<witness::NoteVerifier> registered_trust(const CollectionKey& key) const;
  // The keys a warm install of `key` verifies with: the caller's and the backend's.
  [[nodiscard]] std::vector<witness::NoteVerifier> warm_keys(const CollectionKey& key,
                                                             std::span<const witness::NoteVerifier> trusted) const;
  // Points `key` at a checked bundle's index (a warm install) after checking that it passed the
  // caller's `trusted` keys and the key's backend's; returns the number of vectors.
  std::size_t install_warm(const CollectionKey& key, CheckedBundle bundle,
                           std::span<const witness::NoteVerifier> trusted, const std::string& where);
  // The build parameters of every index this lake builds.
  [[nodiscard]] rabitq::BuildParams build_params() const;
  // A key's partition and its identity: the SHA-256 (hex) of the partition's serialized rows-free
  // copy (coarse lists, rotation, parameters), so two equal partitions set apart (each binding call
  // copies one) are one partition for sharing entries. {nullptr, ""}: the key builds in its own.
  struct PartitionRef {
    std::shared_ptr<const rabitq::RabitqIndex> index;
    std::string id;
  };
  [[nodiscard]] PartitionRef partition_of(const CollectionKey& key) const;
  [[nodiscard]] PartitionRef partition_locked(const CollectionKey& key) const;
  // InvalidInput naming `where` if `key`'s partition is set and `index` was built in another one.
  static void check_partition(const IndexPtr& partition, const rabitq::RabitqIndex& index, const CollectionKey& key,
                              const std::string& where);
  [[nodiscard]] bool can_skip_check(const CollectionKey& key, const CacheTable::Pointer& pointer,
                                    Clock::time_point now) const;

  LakeOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Backend>> backends_;
  std::map<CollectionKey, Consistency> overrides_;
  std::map<CollectionKey, PartitionRef> partitions_;
  CacheTable table_;
  std::map<std::string, std::shared_future<void>> priming_witnesses_;
  std::map<CollectionKey, std::shared_future<void>> priming_keys_;
  std::uint64_t checks_ = 0;
  SearchCoalescer coalescer_{*this};  // last: goes first, before what its batches use
};

// UP_TO_DATE | INVALIDATED | BUNDLE_MISSING | NOT_CACHED: the name every binding shows.
std::string_view refresh_result_name(Lake::RefreshResult result);

}  // namespace ruvector::lake
