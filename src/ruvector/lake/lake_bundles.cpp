// Lake's bundle directories: publish, snapshot, warm restart and refresh (native only: files).
#include <filesystem>

#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/lake/lake.hpp"
#include "ruvector/lake/sidecar.hpp"

namespace ruvector::lake {
namespace {

constexpr const char* kIndexFileName = "index.rvq";

void make_directory(const std::string& dir) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) throw_error(ErrorCode::kPersistError, "cannot create directory '" + dir + "': " + error.message());
}

BundleSidecar read_sidecar(const std::string& dir) {
  const std::vector<std::uint8_t> bytes = read_file(dir + "/" + kSidecarFileName);
  return parse_sidecar(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void check_equal(std::uint64_t got, std::uint64_t want, const char* what, const std::string& dir) {
  if (got != want) {
    throw_error(ErrorCode::kInvalidInput, std::string("bundle '") + dir + "' has " + what + " " + std::to_string(got) +
                                              ", this lake uses " + std::to_string(want));
  }
}

}  // namespace

std::string Lake::write_bundle(const std::string& witness, const IndexPtr& index, const std::string& dir) {
  BundleDescriptor bundle;
  {
    const std::scoped_lock lock(mutex_);
    bundle = table_.bundle_of(witness);
  }
  make_directory(dir);
  // The index first, the sidecar last: a reader that finds a sidecar finds its index.
  index->save(dir + "/" + kIndexFileName);
  const std::string sidecar = sidecar_to_json(make_sidecar(bundle));
  const std::string path = dir + "/" + kSidecarFileName;
  write_file_atomic(path, std::span(reinterpret_cast<const std::uint8_t*>(sidecar.data()), sidecar.size()));
  return path;
}

std::string Lake::publish_bundle(const CollectionKey& key, const std::string& dir) {
  const IndexPtr index = acquire(key, Check::kForce, false);
  const std::optional<std::string> witness = witness_of(key);
  if (!witness)
    throw_error(ErrorCode::kInvalidInput,
                "collection '" + key.backend + "/" + key.collection + "' was evicted while publishing");
  return write_bundle(*witness, index, dir);
}

std::string Lake::save_cache_to_dir(const CollectionKey& key, const std::string& dir) {
  std::string witness;
  IndexPtr index;
  {
    const std::scoped_lock lock(mutex_);
    const CacheTable::Pointer* p = table_.pointer(key);
    if (p == nullptr) {
      throw_error(ErrorCode::kInvalidInput, "collection '" + key.backend + "/" + key.collection + "' is not primed");
    }
    witness = p->witness;
    index = table_.use(witness);
  }
  return write_bundle(witness, index, dir);
}

std::size_t Lake::warm_from_dir(const CollectionKey& key, const std::string& dir) {
  const BundleSidecar sidecar = read_sidecar(dir);
  check_equal(sidecar.bundle.rotation_seed, options_.rotation_seed, "rotation_seed", dir);
  check_equal(sidecar.bundle.rerank_factor, options_.rerank_factor, "rerank_factor", dir);
  IndexPtr index = std::make_shared<const rabitq::RabitqIndex>(
      rabitq::RabitqIndex::load(dir + "/" + kIndexFileName, /*memory_map=*/true));
  check_equal(index->dim(), sidecar.bundle.dim, "an index of dim", dir);
  check_equal(index->seed(), options_.rotation_seed, "an index seed", dir);
  check_equal(static_cast<std::uint64_t>(index->bits()), static_cast<std::uint64_t>(options_.bits), "index bits", dir);
  if (index->metric() != options_.metric) {
    throw_error(ErrorCode::kInvalidInput, "bundle '" + dir + "' has metric " +
                                              std::string(metric_name(index->metric())) + ", this lake uses " +
                                              std::string(metric_name(options_.metric)));
  }
  const std::size_t count = index->size();
  const std::scoped_lock lock(mutex_);
  if (!table_.has_entry(sidecar.rvf_witness)) {
    table_.insert(sidecar.rvf_witness, std::move(index), sidecar.bundle);
    table_.count(key, &CacheStats::warm_installs);
  }
  table_.point(key, sidecar.rvf_witness, ++checks_, Clock::now());
  table_.evict_over_limits(sidecar.rvf_witness);
  return count;
}

Lake::RefreshResult Lake::refresh_from_bundle_dir(const CollectionKey& key, const std::string& dir) {
  std::error_code error;
  if (!std::filesystem::exists(dir + "/" + kSidecarFileName, error)) return RefreshResult::kBundleMissing;
  const BundleSidecar sidecar = read_sidecar(dir);
  const std::optional<std::string> current = witness_of(key);
  if (!current) return RefreshResult::kNotCached;
  if (*current == sidecar.rvf_witness) return RefreshResult::kUpToDate;
  invalidate(key);
  return RefreshResult::kInvalidated;
}

}  // namespace ruvector::lake
