// A whole file mapped read-only (native targets), for serving an index from the page cache without
// copying it: processes that map the same file share its pages, and only the pages a search
// touches become resident.
//
// Truncation: a mapping cannot make a file shrinking under it safe. Bytes are checked against the
// size the file had when it was mapped (so a file that is already short is a PersistError like any
// short file), but if another process truncates the file afterwards, touching a page past the new
// end raises SIGBUS, which kills the process. Save with write_file_atomic (temp file + rename, what
// every ruvector save does): a renamed-over file keeps its old inode and pages alive for as long as
// they are mapped, so only an in-place truncation of the mapped file itself can fault.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "ruvector/core/file_io.hpp"

namespace ruvector {

class MappedFile {
 public:
  explicit MappedFile(const std::string& path);  // PersistError naming the path and the reason
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // The same file read with pread, which does not fault the mapping's pages into this process:
  // for validation passes that should not grow its resident set.
  [[nodiscard]] FileSource& reader() noexcept { return reader_; }
  // Drops the pages read so far from this process's resident set (madvise MADV_DONTNEED; the page
  // cache keeps them): after a loader has copied what it converts, only the parts it uses in place
  // come back, page by page, as they are read again. The bytes seen through bytes() do not change.
  void release_pages() const noexcept;

 private:
  std::string path_;
  FileSource reader_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ruvector
