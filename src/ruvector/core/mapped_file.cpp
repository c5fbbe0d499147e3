#include "ruvector/core/mapped_file.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <limits>

#include "ruvector/core/error.hpp"

namespace ruvector {

MappedFile::MappedFile(const std::string& path) : path_(path), reader_(path) {
  const std::uint64_t size = reader_.size();
  if (size > std::numeric_limits<std::size_t>::max()) {
    throw_error(ErrorCode::kPersistError, "cannot map '" + path + "': " + std::to_string(size) + " bytes");
  }
  size_ = static_cast<std::size_t>(size);
  if (size_ == 0) return;  // nothing to map; bytes() is empty
  void* at = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, reader_.descriptor(), 0);
  if (at == MAP_FAILED) {
    throw_error(ErrorCode::kPersistError, "cannot map '" + path + "': " +
                                              std::strerror(errno));  // NOLINT(concurrency-mt-unsafe): read right away
  }
  data_ = static_cast<const std::uint8_t*>(at);
  // Searches read a few lists and scattered rows: no readahead (a hint; failure changes nothing).
  (void)::madvise(at, size_, MADV_RANDOM);
}

void MappedFile::release_pages() const noexcept {
  // Advice only: on failure the pages simply stay resident.
  if (data_ != nullptr)
    (void)::madvise(const_cast<std::uint8_t*>(data_), size_,  // NOLINT(cppcoreguidelines-pro-type-const-cast)
                    MADV_DONTNEED);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr)
    ::munmap(const_cast<std::uint8_t*>(data_), size_);  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

}  // namespace ruvector
