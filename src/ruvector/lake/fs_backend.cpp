#include "ruvector/lake/fs_backend.hpp"

#include <algorithm>
#include <filesystem>
#include <random>
#include <unordered_set>

#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/lake/local_backend.hpp"

namespace ruvector::lake {
namespace {

constexpr const char* kManifestName = "MANIFEST";

std::uint64_t random_lineage() {
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32U) ^ device();
}

}  // namespace

void check_collection_name(const std::string& name) {
  const auto invalid = [&](const std::string& why) {
    throw_error(ErrorCode::kInvalidInput, "invalid collection name '" + name + "': " + why);
  };
  if (name.empty()) invalid("empty");
  if (name.size() > 255) invalid("longer than 255 bytes");
  if (name == "." || name == "..") invalid("reserved name");
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) invalid("control byte");
    if (c == '/' || c == '\\') invalid("path separator");
    if (c == ':') invalid("colon");
  }
}

FsBackend::FsBackend(std::string id, std::string root) : id_(std::move(id)), root_(std::move(root)) {
  if (id_.empty()) throw_error(ErrorCode::kInvalidInput, "backend id must not be empty");
  std::error_code error;
  std::filesystem::create_directories(root_, error);
  if (error) throw_error(ErrorCode::kPersistError, "cannot create directory '" + root_ + "': " + error.message());
  root_ = std::filesystem::absolute(root_).lexically_normal().string();
}

std::string FsBackend::directory_of(const std::string& collection) const {
  check_collection_name(collection);
  return root_ + "/" + collection;
}

Manifest FsBackend::read_manifest(const std::string& collection) const {
  const std::string path = directory_of(collection) + "/" + kManifestName;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) throw_unknown_collection(id_, collection);
  return parse_manifest(read_file(path));
}

PulledBatch FsBackend::read_all(const std::string& collection, const Manifest& manifest) const {
  PulledBatch batch;
  batch.dim = manifest.dim;
  batch.generation = manifest.generation;
  const std::string directory = directory_of(collection);
  for (const SegmentRef& ref : manifest.segments) {
    const std::string path = directory + "/" + segment_file_name(ref.number);
    const std::vector<std::uint8_t> bytes = read_file(path);
    if (segment_checksum(bytes) != ref.file_crc) {
      throw_error(ErrorCode::kPersistError, "segment '" + path + "' does not match the manifest's checksum");
    }
    Segment segment = parse_segment(bytes);
    if (segment.dim != manifest.dim || segment.ids.size() != ref.rows) {
      throw_error(ErrorCode::kPersistError, "segment '" + path + "' holds " + std::to_string(segment.ids.size()) +
                                                " rows of dim " + std::to_string(segment.dim) + ", the manifest says " +
                                                std::to_string(ref.rows) + " of dim " + std::to_string(manifest.dim));
    }
    batch.ids.insert(batch.ids.end(), segment.ids.begin(), segment.ids.end());
    batch.vectors.insert(batch.vectors.end(), segment.vectors.begin(), segment.vectors.end());
  }
  check_unique_ids(batch.ids);
  return batch;
}

PulledBatch FsBackend::pull(const std::string& collection) const {
  // A writer in another process may replace the manifest and remove the segments we were about to
  // read: one retry from the new manifest covers that.
  for (int attempt = 0;; ++attempt) {
    const Manifest manifest = read_manifest(collection);
    try {
      return read_all(collection, manifest);
    } catch (const Error&) {
      if (attempt > 0 || read_manifest(collection).generation == manifest.generation) throw;
    }
  }
}

Generation FsBackend::generation(const std::string& collection) const {
  return read_manifest(collection).generation;
}

std::size_t FsBackend::dimension(const std::string& collection) const {
  return read_manifest(collection).dim;
}

std::string FsBackend::data_ref(const std::string& collection) const {
  char lineage[17];
  std::snprintf(lineage, sizeof lineage, "%016llx", static_cast<unsigned long long>(read_manifest(collection).lineage));
  return "file://" + directory_of(collection) + "#" + lineage;
}

std::vector<std::string> FsBackend::list_collections() const {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(root_, error)) {
    if (entry.is_directory(error) && std::filesystem::exists(entry.path() / kManifestName, error)) {
      names.push_back(entry.path().filename().string());
    }
  }
  if (error) throw_error(ErrorCode::kPersistError, "cannot list '" + root_ + "': " + error.message());
  std::sort(names.begin(), names.end());
  return names;
}

void FsBackend::commit(const std::string& collection, Manifest manifest, std::vector<SegmentRef> keep, std::size_t dim,
                       std::span<const std::uint64_t> ids, std::span<const float> vectors) {
  const std::string directory = directory_of(collection);
  if (!ids.empty()) {
    const std::vector<std::uint8_t> bytes = serialize_segment(static_cast<std::uint32_t>(dim), ids, vectors);
    const SegmentRef ref{manifest.next_segment, ids.size(), segment_checksum(bytes)};
    write_file_atomic(directory + "/" + segment_file_name(ref.number), bytes);
    keep.push_back(ref);
    ++manifest.next_segment;
  }
  manifest.segments = std::move(keep);
  ++manifest.generation;
  write_file_atomic(directory + "/" + kManifestName, serialize_manifest(manifest));
  // Segments the new manifest no longer lists go after it is in place; a reader of the old manifest
  // that loses the race retries from the new one (pull()).
  std::unordered_set<std::string> listed;
  for (const SegmentRef& ref : manifest.segments) listed.insert(segment_file_name(ref.number));
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("seg-") && !listed.contains(name)) std::filesystem::remove(entry.path(), error);
  }
}

void FsBackend::put_collection(const std::string& collection, std::size_t dim, std::span<const std::uint64_t> ids,
                               std::span<const float> vectors) {
  checked_rows(dim, ids, vectors);
  const std::string directory = directory_of(collection);
  const std::scoped_lock lock(write_mutex_);
  Manifest manifest;
  std::error_code error;
  if (std::filesystem::exists(directory + "/" + kManifestName, error)) {
    manifest = read_manifest(collection);
  } else {
    std::filesystem::create_directories(directory, error);
    if (error) throw_error(ErrorCode::kPersistError, "cannot create directory '" + directory + "': " + error.message());
    manifest.lineage = random_lineage();
  }
  manifest.dim = static_cast<std::uint32_t>(dim);
  commit(collection, manifest, {}, dim, ids, vectors);
}

void FsBackend::append(const std::string& collection, std::span<const std::uint64_t> ids,
                       std::span<const float> vectors) {
  const std::scoped_lock lock(write_mutex_);
  const Manifest manifest = read_manifest(collection);
  checked_rows(manifest.dim, ids, vectors);
  if (ids.empty()) return;
  const PulledBatch existing = read_all(collection, manifest);
  const std::unordered_set<std::uint64_t> present(existing.ids.begin(), existing.ids.end());
  for (const std::uint64_t id : ids) {
    if (present.contains(id)) {
      throw_error(ErrorCode::kInvalidInput,
                  "id " + std::to_string(id) + " is already in collection '" + collection + "'");
    }
  }
  commit(collection, manifest, manifest.segments, manifest.dim, ids, vectors);
}

std::size_t FsBackend::delete_ids(const std::string& collection, std::span<const std::uint64_t> ids) {
  const std::scoped_lock lock(write_mutex_);
  const Manifest manifest = read_manifest(collection);
  const PulledBatch existing = read_all(collection, manifest);
  const std::unordered_set<std::uint64_t> doomed(ids.begin(), ids.end());
  std::vector<std::uint64_t> kept_ids;
  std::vector<float> kept_vectors;
  for (std::size_t row = 0; row < existing.ids.size(); ++row) {
    if (doomed.contains(existing.ids[row])) continue;
    kept_ids.push_back(existing.ids[row]);
    const auto begin = existing.vectors.begin() + static_cast<std::ptrdiff_t>(row * existing.dim);
    kept_vectors.insert(kept_vectors.end(), begin, begin + static_cast<std::ptrdiff_t>(existing.dim));
  }
  const std::size_t removed = existing.ids.size() - kept_ids.size();
  if (removed > 0) commit(collection, manifest, {}, manifest.dim, kept_ids, kept_vectors);
  return removed;
}

}  // namespace ruvector::lake
