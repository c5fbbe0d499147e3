// Published bundles as bytes (every target: the wasm build has no directories, a bundle arrives over
// HTTP) and the two questions a binding with asynchronous backends asks before a synchronous call.
#include "ruvector/core/error.hpp"
#include "ruvector/lake/bundle.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/sidecar.hpp"

namespace ruvector::lake {
namespace {

void check_equal(std::uint64_t got, std::uint64_t want, const char* what, const std::string& where) {
  if (got != want) {
    throw_error(ErrorCode::kInvalidInput, std::string("bundle '") + where + "' has " + what + " " +
                                              std::to_string(got) + ", this lake uses " + std::to_string(want));
  }
}

}  // namespace

void Lake::check_bundle(const BundleSidecar& sidecar, const rabitq::RabitqIndex& index,
                        const std::string& where) const {
  check_equal(sidecar.bundle.rotation_seed, options_.rotation_seed, "rotation_seed", where);
  check_equal(sidecar.bundle.rerank_factor, options_.rerank_factor, "rerank_factor", where);
  check_equal(index.dim(), sidecar.bundle.dim, "an index of dim", where);
  check_equal(index.seed(), options_.rotation_seed, "an index seed", where);
  check_equal(static_cast<std::uint64_t>(index.bits()), static_cast<std::uint64_t>(options_.bits), "index bits", where);
  if (index.metric() != options_.metric) {
    throw_error(ErrorCode::kInvalidInput, "bundle '" + where + "' has metric " +
                                              std::string(metric_name(index.metric())) + ", this lake uses " +
                                              std::string(metric_name(options_.metric)));
  }
}

std::vector<witness::NoteVerifier> Lake::registered_trust(const CollectionKey& key) const {
  std::shared_ptr<Backend> source;
  {
    const std::scoped_lock lock(mutex_);
    const auto it = backends_.find(key.backend);
    if (it == backends_.end()) return {};
    source = it->second;
  }
  const std::span<const witness::NoteVerifier> keys = source->trusted_keys();
  return {keys.begin(), keys.end()};
}

std::vector<witness::NoteVerifier> Lake::warm_keys(const CollectionKey& key,
                                                   std::span<const witness::NoteVerifier> trusted) const {
  std::vector<witness::NoteVerifier> keys(trusted.begin(), trusted.end());
  for (witness::NoteVerifier& k : registered_trust(key)) keys.push_back(std::move(k));
  return keys;
}

std::size_t Lake::install_warm(const CollectionKey& key, CheckedBundle bundle,
                               std::span<const witness::NoteVerifier> trusted, const std::string& where) {
  // Shared only with keys of this partition (the entry's index was checked to be built in it).
  const PartitionRef partition = partition_of(key);
  check_partition(partition.index, *bundle.index, key, "the bundle");
  // Verified with the caller's keys and the backend's together: each set must have signed.
  const std::vector<witness::NoteVerifier> required = registered_trust(key);
  for (const std::span<const witness::NoteVerifier> keys :
       {trusted, std::span<const witness::NoteVerifier>(required)}) {
    if (!trusted_by(bundle.trust, keys)) {
      throw_error(ErrorCode::kWitnessMismatch,
                  "bundle '" + where + "' is not signed by any of the " + std::to_string(keys.size()) + " keys that " +
                      (keys.data() == trusted.data() ? std::string("the caller") : "backend '" + key.backend + "'") +
                      " trusts");
    }
  }
  const std::size_t count = bundle.index->size();
  const std::string& witness = bundle.sidecar.rvf_witness;
  const std::scoped_lock lock(mutex_);
  // Without keys on either side any entry of the witness serves (upstream's sharing); with keys,
  // only one whose checks they passed, or this bundle's own entry.
  std::optional<std::string> entry =
      trusted.empty() && required.empty() ? table_.find(witness, {}, partition.id) : std::optional<std::string>();
  if (!entry) {
    auto [id, created] =
        table_.insert(witness, std::move(bundle.index), bundle.sidecar.bundle, std::move(bundle.trust), partition.id);
    if (created) table_.count(key, &CacheStats::warm_installs);
    entry = std::move(id);
  }
  table_.point(key, *entry, ++checks_, Clock::now());
  table_.evict_over_limits(*entry);
  return count;
}

Lake::CheckedBundle Lake::load_bundle(const BundleBytes& bundle, std::span<const witness::NoteVerifier> trusted) const {
  // A backend's keys when the caller gives none (a prime from a backend of published bundles).
  if (trusted.empty()) trusted = bundle.trusted;
  const auto text = [](const std::vector<std::uint8_t>& bytes) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  };
  if (!bundle.witness.empty()) {
    SpanSource index(bundle.index);
    LoadedBundle loaded =
        load_verified_bundle(text(bundle.sidecar), text(bundle.witness), index, trusted, options_.threads);
    check_bundle(loaded.sidecar, loaded.index, bundle.where);
    return {std::make_shared<const rabitq::RabitqIndex>(std::move(loaded.index)), std::move(loaded.sidecar),
            std::move(loaded.trust)};
  }
  if (!trusted.empty()) {
    throw_error(ErrorCode::kWitnessMismatch, "bundle '" + bundle.where +
                                                 "' has no bundle.witness.json: it cannot be verified with the "
                                                 "trusted keys");
  }
  BundleSidecar sidecar = parse_sidecar(text(bundle.sidecar));
  // The cheap checks before the index is decoded.
  check_equal(sidecar.bundle.rotation_seed, options_.rotation_seed, "rotation_seed", bundle.where);
  check_equal(sidecar.bundle.rerank_factor, options_.rerank_factor, "rerank_factor", bundle.where);
  auto index = std::make_shared<const rabitq::RabitqIndex>(rabitq::RabitqIndex::deserialize(bundle.index));
  check_bundle(sidecar, *index, bundle.where);
  return {std::move(index), std::move(sidecar), {}};
}

std::size_t Lake::warm_from_bytes(const CollectionKey& key, const BundleBytes& bundle,
                                  std::span<const witness::NoteVerifier> trusted) {
  return install_warm(key, load_bundle(bundle, warm_keys(key, trusted)), trusted, bundle.where);
}

BundleBytes Lake::bundle_bytes(const CollectionKey& key, bool check) {
  const std::string where = key.backend + "/" + key.collection;
  IndexPtr index;
  BundleDescriptor bundle;
  if (check) (void)acquire(key, Check::kForce, false);
  {
    const std::scoped_lock lock(mutex_);
    const CacheTable::Pointer* p = table_.pointer(key);
    if (p == nullptr) {
      throw_error(ErrorCode::kInvalidInput,
                  "collection '" + where + (check ? "' was evicted while publishing" : "' is not primed"));
    }
    index = table_.use(p->entry);  // the entry and its descriptor under one lock
    bundle = table_.bundle_of(p->entry);
  }
  const BundleSidecar sidecar = make_sidecar(bundle);
  std::vector<std::uint8_t> index_bytes = index->serialize();
  const std::string record =
      bundle_witness_to_json(make_bundle_witness(sidecar, *index, index_bytes, options_.threads));
  const std::string json = sidecar_to_json(sidecar);
  return {{json.begin(), json.end()}, std::move(index_bytes), where, {record.begin(), record.end()}, {}};
}

bool Lake::check_due(const CollectionKey& key, bool force) const {
  if (force) return true;
  const std::scoped_lock lock(mutex_);
  const CacheTable::Pointer* p = table_.pointer(key);
  return p == nullptr || !can_skip_check(key, *p, Clock::now());
}

bool Lake::needs_pull(const CollectionKey& key) const {
  const std::shared_ptr<Backend> source = backend(key.backend);
  const std::string witness =
      bundle_witness_of(source->current_bundle(key.collection, options_.rotation_seed, options_.rerank_factor));
  const std::span<const witness::NoteVerifier> required = source->trusted_keys();
  const std::scoped_lock lock(mutex_);
  const CacheTable::Pointer* p = table_.pointer(key);
  const bool current = p != nullptr && p->witness == witness && trusted_by(table_.trust_of(p->entry), required);
  return !current && !table_.find(witness, required, partition_locked(key).id);
}

}  // namespace ruvector::lake
