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
  IndexPtr index = std::make_shared<const rabitq::RabitqIndex>(
      rabitq::RabitqIndex::load(dir + "/" + kIndexFileName, /*memory_map=*/true));
  check_bundle(sidecar, *index, dir);
  return install_warm(key, sidecar, std::move(index));
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
