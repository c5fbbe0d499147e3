#include "ruvector/lake/lake.hpp"

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/parallel.hpp"
#include "ruvector/crypto/crypto.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::lake {
namespace {

std::string describe(const CollectionKey& key) {
  return "'" + key.backend + "/" + key.collection + "'";
}

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

}  // namespace

Consistency parse_consistency(std::string_view mode, std::uint64_t ttl_ms) {
  if (mode == "fresh") return Consistency::fresh();
  if (mode == "frozen") return Consistency::frozen();
  if (mode == "eventual") return Consistency::eventual(ttl_ms);
  throw_error(ErrorCode::kInvalidInput,
              "consistency must be 'fresh', 'eventual' or 'frozen', got '" + std::string(mode) + "'");
}

std::string_view consistency_name(const Consistency& consistency) {
  switch (consistency.mode) {
    case Consistency::Mode::kFresh: return "fresh";
    case Consistency::Mode::kEventual: return "eventual";
    case Consistency::Mode::kFrozen: return "frozen";
  }
  return "fresh";
}

// The index's range checks (rabitq/params.hpp), so a lake refuses what a build would, with the same words.
Lake::Lake(LakeOptions options) : options_(options), table_(options.limits) {
  (void)rabitq::checked_rerank_factor(static_cast<double>(options_.rerank_factor), false);
  (void)rabitq::checked_bits(options_.bits);
}

void Lake::register_backend(std::shared_ptr<Backend> backend) {
  if (!backend) throw_error(ErrorCode::kInvalidInput, "backend must not be null");
  std::string id = backend->id();
  const std::scoped_lock lock(mutex_);
  if (backends_.contains(id)) throw_error(ErrorCode::kInvalidInput, "backend '" + id + "' is already registered");
  backends_.emplace(std::move(id), std::move(backend));
}

std::vector<std::string> Lake::backend_ids() const {
  const std::scoped_lock lock(mutex_);
  std::vector<std::string> ids;
  ids.reserve(backends_.size());
  for (const auto& entry : backends_) ids.push_back(entry.first);
  return ids;
}

std::shared_ptr<Backend> Lake::backend(const std::string& id) const {
  const std::scoped_lock lock(mutex_);
  const auto it = backends_.find(id);
  if (it == backends_.end()) throw_error(ErrorCode::kInvalidInput, "unknown backend '" + id + "'");
  return it->second;
}

rabitq::BuildParams Lake::build_params() const {
  rabitq::BuildParams params;
  params.metric = options_.metric;
  params.bits = options_.bits;
  params.seed = options_.rotation_seed;
  params.store = options_.store;
  params.threads = options_.threads;
  params.rerank_factor = static_cast<double>(options_.rerank_factor);
  return params;
}

rabitq::RabitqIndex Lake::train_partition(std::span<const float> vectors, std::size_t dim) const {
  return rabitq::RabitqIndex::train(vectors, dim, build_params());
}

void Lake::set_partition(const CollectionKey& key, std::shared_ptr<const rabitq::RabitqIndex> partition) {
  if (partition) {
    const auto require = [&](const char* what, const std::string& got, const std::string& want) {
      if (got != want) {
        throw_error(ErrorCode::kInvalidInput,
                    "the partition for " + describe(key) + " has " + what + " " + got + ", this lake uses " + want);
      }
    };
    require("rotation_seed", std::to_string(partition->seed()), std::to_string(options_.rotation_seed));
    require("metric", std::string(metric_name(partition->metric())), std::string(metric_name(options_.metric)));
    require("bits", std::to_string(partition->bits()), std::to_string(options_.bits));
    require("store", std::string(rabitq::store_name(partition->store())),
            std::string(rabitq::store_name(options_.store)));
  }
  std::string id;
  if (partition) {
    const std::vector<std::uint8_t> bytes = partition->empty_copy().serialize();
    id = witness::to_hex(crypto::sha256(bytes));
  }
  const std::scoped_lock lock(mutex_);
  if (partition) {
    partitions_[key] = {std::move(partition), std::move(id)};
  } else {
    partitions_.erase(key);
  }
  table_.drop_pointer(key);
}

Lake::PartitionRef Lake::partition_of(const CollectionKey& key) const {
  const std::scoped_lock lock(mutex_);
  return partition_locked(key);
}

Lake::PartitionRef Lake::partition_locked(const CollectionKey& key) const {
  const auto it = partitions_.find(key);
  return it == partitions_.end() ? PartitionRef{} : it->second;
}

void Lake::check_partition(const IndexPtr& partition, const rabitq::RabitqIndex& index, const CollectionKey& key,
                           const std::string& where) {
  if (partition && !partition->same_partition(index)) {
    throw_error(ErrorCode::kInvalidInput, where + " was built in another partition than the one set for " +
                                              describe(key) + " (its coarse lists or rotation differ)");
  }
}

void Lake::set_consistency(const CollectionKey& key, Consistency consistency) {
  const std::scoped_lock lock(mutex_);
  overrides_[key] = consistency;
}

Consistency Lake::consistency_of(const CollectionKey& key) const {
  const std::scoped_lock lock(mutex_);
  const auto it = overrides_.find(key);
  return it == overrides_.end() ? options_.consistency : it->second;
}

bool Lake::can_skip_check(const CollectionKey& key, const CacheTable::Pointer& pointer, Clock::time_point now) const {
  const auto it = overrides_.find(key);
  const Consistency& c = it == overrides_.end() ? options_.consistency : it->second;
  switch (c.mode) {
    case Consistency::Mode::kFresh: return false;
    case Consistency::Mode::kEventual: return now - pointer.last_checked < std::chrono::milliseconds(c.ttl_ms);
    case Consistency::Mode::kFrozen: return true;
  }
  return false;
}

IndexPtr Lake::use_locked(const CollectionKey& key, const std::string& entry, bool count_hit) {
  if (count_hit) table_.count(key, &CacheStats::hits);
  return table_.use(entry);
}

Lake::AfterCheck Lake::after_check_locked(const CollectionKey& key, const std::string& witness,
                                          std::span<const witness::NoteVerifier> required, std::uint64_t check_number,
                                          bool count_hit, std::promise<void>& done) {
  const CacheTable::Pointer* p = table_.pointer(key);
  // What the key points at may serve it only if its checks satisfy the backend's keys (a key warmed
  // before its backend was registered was checked by the caller's keys only).
  const bool current = p != nullptr && p->witness == witness && trusted_by(table_.trust_of(p->entry), required);
  if (p != nullptr && (current || p->check > check_number)) {
    // Up to date, or a later check already moved the key past what this one saw.
    if (current) table_.mark_checked(key, Clock::now());
    return {use_locked(key, p->entry, count_hit), {}};
  }
  if (const std::optional<std::string> shared = table_.find(witness, required, partition_locked(key).id)) {
    table_.count(key, &CacheStats::misses);
    table_.count(key, &CacheStats::shared_hits);
    table_.point(key, *shared, check_number, Clock::now());
    return {table_.use(*shared), {}};
  }
  const auto by_witness = priming_witnesses_.find(witness);
  const auto by_key = priming_keys_.find(key);
  if (by_witness != priming_witnesses_.end() || by_key != priming_keys_.end()) {
    // Answer from the old entry while the new one builds, if the key may be served from it.
    if (p != nullptr && trusted_by(table_.trust_of(p->entry), required)) {
      return {use_locked(key, p->entry, count_hit), {}};
    }
    return {nullptr, by_witness != priming_witnesses_.end() ? by_witness->second : by_key->second};
  }
  table_.count(key, &CacheStats::misses);
  const std::shared_future<void> future = done.get_future().share();
  priming_witnesses_.emplace(witness, future);
  priming_keys_.emplace(key, future);
  return {};
}

IndexPtr Lake::acquire(const CollectionKey& key, Check check, bool count_hit) {
  std::shared_ptr<Backend> source;  // looked up after the skip check: a Frozen warm entry needs no backend
  for (;;) {
    std::uint64_t check_number = 0;
    {
      const std::scoped_lock lock(mutex_);
      const CacheTable::Pointer* p = table_.pointer(key);
      if (check == Check::kByConsistency && p != nullptr && can_skip_check(key, *p, Clock::now())) {
        return use_locked(key, p->entry, count_hit);
      }
      check_number = ++checks_;
    }
    if (!source) source = backend(key.backend);
    // The backend is asked outside the lock: it may be slow (disk, network, a Python callback).
    BundleDescriptor bundle = source->current_bundle(key.collection, options_.rotation_seed, options_.rerank_factor);
    const std::string witness = bundle_witness_of(bundle);
    std::promise<void> done;
    AfterCheck next;
    {
      const std::scoped_lock lock(mutex_);
      next = after_check_locked(key, witness, source->trusted_keys(), check_number, count_hit, done);
    }
    if (next.answer) return next.answer;
    if (next.prime_under_way.valid()) {
      next.prime_under_way.get();  // rethrows the prime's error
      continue;
    }
    return prime_unlocked(key, *source, std::move(bundle), witness, check_number, done);
  }
}

IndexPtr Lake::prime_unlocked(const CollectionKey& key, const Backend& backend, BundleDescriptor bundle,
                              const std::string& witness, std::uint64_t check, std::promise<void>& done) {
  try {
    const Clock::time_point start = Clock::now();
    const std::span<const witness::NoteVerifier> required = backend.trusted_keys();
    // What the index is built in (a published bundle is checked to be in it): the entry shares by it.
    const PartitionRef partition = partition_of(key);
    IndexPtr index;
    BundleTrust trust;
    std::string built_witness;
    const std::optional<BundleBytes> published = backend.pull_bundle(key.collection);
    if (published) {
      // A bundle someone else built: installed after the checks (by the backend's keys), keyed by
      // its own sidecar.
      CheckedBundle loaded = load_bundle(*published, required);
      check_partition(partition.index, *loaded.index, key, "bundle '" + published->where + "'");
      index = std::move(loaded.index);
      trust = std::move(loaded.trust);
      bundle = loaded.sidecar.bundle;
      built_witness = loaded.sidecar.rvf_witness;
    } else {
      if (!required.empty()) {
        throw_error(ErrorCode::kInvalidInput, "backend '" + key.backend +
                                                  "' has trusted keys but serves rows: only a published bundle "
                                                  "carries a signature to check");
      }
      const PulledBatch batch = backend.pull(key.collection);
      validate_pulled_batch(batch, "backend '" + key.backend + "' collection '" + key.collection + "'");
      if (batch.ids.empty()) throw_error(ErrorCode::kEmptyIndex, "collection " + describe(key) + " is empty");
      // The data may have moved since current_bundle(): key the entry by what was actually pulled.
      bundle.generation = batch.generation;
      bundle.dim = batch.dim;
      built_witness = bundle_witness_of(bundle);
      const IndexPtr& lists = partition.index;
      if (lists && lists->dim() != batch.dim) {
        throw_error(ErrorCode::kDimensionMismatch, "collection " + describe(key) + " has dim " +
                                                       std::to_string(batch.dim) + ", its partition dim " +
                                                       std::to_string(lists->dim()));
      }
      index = std::make_shared<const rabitq::RabitqIndex>(
          lists ? rabitq::RabitqIndex::build_in(*lists, batch.vectors, batch.ids, options_.threads)
                : rabitq::RabitqIndex::build(batch.vectors, batch.dim, batch.ids, build_params()));
    }
    const double ms = elapsed_ms(start);
    const std::scoped_lock lock(mutex_);
    const CacheTable::Pointer* p = table_.pointer(key);
    // A later check may have moved the key meanwhile (to an entry another key primed), or its
    // partition changed: this index then answers its own caller only.
    if ((p == nullptr || p->check < check) && partition_locked(key).id == partition.id) {
      std::optional<std::string> entry = table_.find(built_witness, required, partition.id);
      if (entry) {
        table_.count(key, &CacheStats::shared_hits);
      } else {
        auto [id, created] = table_.insert(built_witness, index, bundle, std::move(trust), partition.id);
        entry = std::move(id);
        if (!created) {
          table_.count(key, &CacheStats::shared_hits);
        } else if (published) {
          table_.count(key, &CacheStats::warm_installs);
        } else {
          table_.record_prime(key, ms);
        }
      }
      table_.point(key, *entry, check, Clock::now());
      table_.evict_over_limits(*entry);
    }
    priming_witnesses_.erase(witness);
    priming_keys_.erase(key);
    done.set_value();
    return index;
  } catch (...) {
    {
      const std::scoped_lock lock(mutex_);
      priming_witnesses_.erase(witness);
      priming_keys_.erase(key);
    }
    done.set_exception(std::current_exception());
    throw;
  }
}

SearchResults Lake::search(const CollectionKey& key, std::span<const float> queries, std::int64_t k,
                           const rabitq::SearchParams& params, std::size_t width) {
  check_k(k);
  const IndexPtr index = acquire(key, Check::kByConsistency, true);
  if (width != 0) check_dim(index->dim(), width);
  return index->search(queries, k, params);
}

void Lake::search_coalesced(const CollectionKey& key, std::span<const float> queries, std::size_t width, std::int64_t k,
                            const rabitq::SearchParams& params, SearchCoalescer::Done done) {
  coalescer_.submit(key, queries, width, k, params, std::move(done));
}

FederatedResults Lake::search_federated(std::span<const CollectionKey> targets, std::span<const float> queries,
                                        std::int64_t k, const rabitq::SearchParams& params, std::size_t width) {
  check_k(k);
  if (targets.empty()) throw_error(ErrorCode::kInvalidInput, "search_federated needs at least one target");
  std::vector<SearchResults> per_target(targets.size());
  parallel_for(targets.size(), options_.threads, 1, [&](std::size_t begin, std::size_t end) {
    for (std::size_t t = begin; t < end; ++t) per_target[t] = search(targets[t], queries, k, params, width);
  });
  return merge_shard_results(per_target, static_cast<std::size_t>(k));
}

void Lake::prime(const CollectionKey& key) {
  (void)acquire(key, Check::kForce, false);
}

bool Lake::refresh(const CollectionKey& key) {
  const auto entry_of = [&]() -> std::optional<std::string> {
    const std::scoped_lock lock(mutex_);
    const CacheTable::Pointer* p = table_.pointer(key);
    return p == nullptr ? std::nullopt : std::optional<std::string>(p->entry);
  };
  const std::optional<std::string> before = entry_of();
  (void)acquire(key, Check::kForce, false);
  return before != entry_of();
}

bool Lake::invalidate(const CollectionKey& key) {
  const std::scoped_lock lock(mutex_);
  return table_.drop_pointer(key);
}

void Lake::pin(const CollectionKey& key, bool pinned) {
  const std::scoped_lock lock(mutex_);
  table_.set_pinned(key, pinned);
}

CacheStats Lake::stats() const {
  const std::scoped_lock lock(mutex_);
  return table_.stats();
}

std::map<std::string, CacheStats> Lake::stats_by_backend() const {
  const std::scoped_lock lock(mutex_);
  return table_.stats_by_backend();
}

std::map<CollectionKey, CacheStats> Lake::stats_by_collection() const {
  const std::scoped_lock lock(mutex_);
  return table_.stats_by_collection();
}

std::optional<std::string> Lake::witness_of(const CollectionKey& key) const {
  const std::scoped_lock lock(mutex_);
  const CacheTable::Pointer* p = table_.pointer(key);
  if (p == nullptr) return std::nullopt;
  return p->witness;
}

std::uint32_t Lake::refcount_of(const std::string& witness_hex) const {
  const std::scoped_lock lock(mutex_);
  return table_.refcount_of(witness_hex);
}

std::size_t Lake::entry_count() const {
  const std::scoped_lock lock(mutex_);
  return table_.entry_count();
}

std::size_t Lake::cache_bytes() const {
  const std::scoped_lock lock(mutex_);
  return table_.bytes();
}

}  // namespace ruvector::lake
