// Files for the native targets (wasm callers pass bytes). Saves are atomic: the bytes go to a
// temporary file in the same directory, which is fsync'ed and renamed over the target, then the
// directory is fsync'ed, so a crash leaves either the old file or the new one. Errors are
// PersistError naming the path and the OS reason.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ruvector {

void write_file_atomic(const std::string& path, std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> read_file(const std::string& path);

// A read-only memory mapping of a whole file (munmap on destruction).
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();
  [[nodiscard]] std::span<const std::uint8_t> bytes() const noexcept { return {data_, size_}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace ruvector
