// FsBackend: collections kept in a directory, one subdirectory per collection holding a MANIFEST
// and immutable segment files (fs_format.hpp). Every write adds or replaces segments and then
// replaces the manifest atomically (write_file_atomic), so a reader sees the old state or the new
// one. The generation is a counter in the manifest, bumped by every write: two writes in the same
// second still invalidate (upstream used the file mtime in seconds).
// One writing process at a time per directory; any number of readers.
#pragma once

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "ruvector/lake/backend.hpp"
#include "ruvector/lake/fs_format.hpp"

namespace ruvector::lake {

class FsBackend final : public Backend {
 public:
  // Creates `root` if it does not exist.
  FsBackend(std::string id, std::string root);

  // Replaces (or creates) `collection`; same validation as LocalBackend::put_collection.
  void put_collection(const std::string& collection, std::size_t dim, std::span<const std::uint64_t> ids,
                      std::span<const float> vectors);
  // Adds a segment; an id already in the collection is InvalidInput.
  void append(const std::string& collection, std::span<const std::uint64_t> ids, std::span<const float> vectors);
  // Rewrites the collection without these ids (unknown ones are ignored); returns how many went.
  std::size_t delete_ids(const std::string& collection, std::span<const std::uint64_t> ids);

  [[nodiscard]] const std::string& root() const noexcept { return root_; }
  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override;
  [[nodiscard]] PulledBatch pull(const std::string& collection) const override;
  [[nodiscard]] Generation generation(const std::string& collection) const override;
  [[nodiscard]] std::size_t dimension(const std::string& collection) const override;
  // "file://<root>/<collection>#<lineage>": two FsBackends over one directory share cache entries.
  [[nodiscard]] std::string data_ref(const std::string& collection) const override;

 private:
  [[nodiscard]] std::string directory_of(const std::string& collection) const;
  [[nodiscard]] Manifest read_manifest(const std::string& collection) const;
  [[nodiscard]] PulledBatch read_all(const std::string& collection, const Manifest& manifest) const;
  // Writes `segments` (if any) as new files, then the manifest listing `keep` plus them.
  void commit(const std::string& collection, Manifest manifest, std::vector<SegmentRef> keep, std::size_t dim,
              std::span<const std::uint64_t> ids, std::span<const float> vectors);

  std::string id_;
  std::string root_;
  std::mutex write_mutex_;  // serialises this process's writers; readers take no lock
};

// Throws InvalidInput unless `name` can be a single directory name (no separators, not "." or "..",
// no control bytes or ':', at most 255 bytes): collection names never escape the root.
void check_collection_name(const std::string& name);

}  // namespace ruvector::lake
