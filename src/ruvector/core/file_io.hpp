// Files: the OS's natively; in wasm the module's file system (Emscripten's FS, which the Pyodide
// loader mounts over Pyodide's own files: web/bindings/shared_fs.js). Errors are PersistError
// naming the path and the OS reason. In wasm there is one process and one thread per file system:
// flock succeeds without waiting, fsync is a no-op, and replace_directory_atomic swaps by renames
// (no renameat2), which is atomic for every reader in that one thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ruvector/core/bytes.hpp"

namespace ruvector {

// Atomic save: the bytes go to a temporary file beside the target, which is fsync'ed and renamed
// over it, then the directory is fsync'ed, so a crash leaves either the old file or the new one.
// The new file keeps the mode of the file it replaces (0644 minus the umask when there is none).
// A symlink is followed: the file it points to is replaced (the temporary file is made beside
// that file, so the rename stays within one file system) and the link itself is left as it was.
void write_file_atomic(const std::string& path, std::span<const std::uint8_t> bytes);

// The whole file, read (never mapped) through FileSource: a file truncated while it is read gives
// PersistError ("changed while reading"), not SIGBUS and not a silently short buffer.
std::vector<std::uint8_t> read_file(const std::string& path);

// One file of a directory written by replace_directory_atomic.
struct NamedBytes {
  std::string name;  // a plain file name, no '/'
  std::span<const std::uint8_t> bytes;
};

// Makes `dir` hold exactly `files`, atomically as a whole: they are written (and fsync'ed) into a
// fresh sibling directory, which is then swapped with `dir` in one rename (renameat2
// RENAME_EXCHANGE when `dir` exists), and the old contents are removed. A crash at any point leaves
// `dir` complete, old or new; a crash after the swap may leave a hidden sibling
// `.<name>.replacing-*`, removed by the next replacement. An existing `dir` may hold only files
// named in `files` (InvalidInput otherwise: nothing of the caller's is ever deleted). Replacements
// of one directory serialise on the lock file `.<name>.lock` beside it.
void replace_directory_atomic(const std::string& dir, std::span<const NamedBytes> files);

// flock(LOCK_EX) on `path` (created if absent) for the object's lifetime: processes that take the
// same lock run one at a time. Released by the kernel when the process dies.
class ExclusiveFileLock {
 public:
  explicit ExclusiveFileLock(const std::string& path);
  ExclusiveFileLock(const ExclusiveFileLock&) = delete;
  ExclusiveFileLock& operator=(const ExclusiveFileLock&) = delete;
  ~ExclusiveFileLock();

 private:
  int fd_ = -1;
};

// An open file read piecewise (pread) at the size it had when opened. Nothing is mapped, so a file
// truncated by another process while it is read gives PersistError ("changed while reading"), not
// SIGBUS; one replaced by a rename is read as it was (the open descriptor keeps the old file).
class FileSource final : public ByteSource {
 public:
  explicit FileSource(const std::string& path);
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;
  [[nodiscard]] std::uint64_t size() const noexcept override { return size_; }
  void read(std::uint64_t offset, void* out, std::size_t n) override;
  [[nodiscard]] int descriptor() const noexcept { return fd_; }

 private:
  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace ruvector
