#include "ruvector/core/file_io.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>  // renameat2 (glibc >= 2.28)
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>

#include "ruvector/core/error.hpp"

namespace ruvector {
namespace {

[[noreturn]] void fail(const std::string& action, const std::string& path) {
  throw_error(ErrorCode::kPersistError, "cannot " + action + " '" + path + "': " +
                                            std::strerror(errno));  // NOLINT(concurrency-mt-unsafe): read right away
}

class Fd {
 public:
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The file a save replaces: `path` itself, or the end of its chain of symlinks.
std::string resolve_target(const std::string& path) {
  struct stat st{};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) fail("follow the symlink", path);  // dangling or looping
  std::string target(real);
  std::free(real);  // NOLINT(cppcoreguidelines-no-malloc): realpath's buffer
  return target;
}

}  // namespace

void write_file_atomic(const std::string& path, std::span<const std::uint8_t> bytes) {
  const std::string target = resolve_target(path);
  struct stat old{};
  const bool replacing = ::stat(target.c_str(), &old) == 0;
  std::random_device entropy;
  const std::string tmp = target + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(entropy());
  {
    const Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) fail("create", tmp);
    // fchmod, not open's mode: the umask must not narrow the mode the old file had.
    if (replacing && ::fchmod(fd.get(), old.st_mode & 07777U) != 0) {
      const int saved = errno;
      ::unlink(tmp.c_str());
      errno = saved;
      fail("set the mode of", tmp);
    }
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        const int saved = errno;
        ::unlink(tmp.c_str());
        errno = saved;
        fail("write", tmp);
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
      const int saved = errno;
      ::unlink(tmp.c_str());
      errno = saved;
      fail("fsync", tmp);
    }
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    fail("rename into", target);
  }
  const Fd dir(::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() >= 0) (void)::fsync(dir.get());  // best effort: some file systems refuse it
}

namespace {

void fsync_directory(const std::string& dir) {
  const Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) (void)::fsync(fd.get());  // best effort: some file systems refuse it
}

// Swaps two existing paths in one step.
void exchange_paths(const std::string& a, const std::string& b) {
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) return;
  fail("swap in", b);
#else
  // No atomic exchange: move the old one aside first (a crash in between leaves no `b`).
  const std::string aside = b + ".old";
  if (::rename(b.c_str(), aside.c_str()) != 0) fail("move aside", b);
  if (::rename(a.c_str(), b.c_str()) != 0) fail("rename into", b);
  if (::rename(aside.c_str(), a.c_str()) != 0) fail("rename", aside);
#endif
}

}  // namespace

void replace_directory_atomic(const std::string& dir, std::span<const NamedBytes> files) {
  namespace fs = std::filesystem;
  const fs::path target = fs::path(dir).lexically_normal();
  const std::string name = target.filename().string();
  if (name.empty() || name == "." || name == "..") {
    throw_error(ErrorCode::kInvalidInput, "cannot replace directory '" + dir + "': name it by its own path");
  }
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw_error(ErrorCode::kPersistError, "cannot create directory '" + parent.string() + "': " + ec.message());
  const ExclusiveFileLock lock((parent / ("." + name + ".lock")).string());
  const bool exists = fs::is_directory(target, ec);
  if (exists) {
    for (const auto& entry : fs::directory_iterator(target)) {
      const std::string present = entry.path().filename().string();
      bool known = false;
      for (const NamedBytes& f : files) known = known || f.name == present;
      if (!known) {
        std::string message = "'";
        message += dir;
        message += "' holds '";
        message += present;
        message +=
            "', which is not one of the files written there: refusing to replace it (use an empty or "
            "dedicated directory)";
        throw_error(ErrorCode::kInvalidInput, message);
      }
    }
  } else if (fs::exists(target, ec)) {
    throw_error(ErrorCode::kInvalidInput, "'" + dir + "' exists and is not a directory");
  }
  // Leftovers of replacements that crashed after their swap.
  const std::string prefix = "." + name + ".replacing-";
  for (const auto& entry : fs::directory_iterator(parent)) {
    if (entry.path().filename().string().starts_with(prefix)) fs::remove_all(entry.path(), ec);
  }
  std::random_device entropy;
  const fs::path fresh = parent / (prefix + std::to_string(::getpid()) + "-" + std::to_string(entropy()));
  if (!fs::create_directory(fresh, ec)) {
    throw_error(ErrorCode::kPersistError, "cannot create directory '" + fresh.string() + "': " + ec.message());
  }
  for (const NamedBytes& f : files) write_file_atomic((fresh / f.name).string(), f.bytes);
  fsync_directory(fresh.string());
  if (exists) {
    exchange_paths(fresh.string(), target.string());
  } else if (::rename(fresh.c_str(), target.c_str()) != 0) {
    fail("rename into", target.string());
  }
  fsync_directory(parent.string());
  if (exists) fs::remove_all(fresh, ec);  // the old contents; a leftover is removed next time
}

ExclusiveFileLock::ExclusiveFileLock(const std::string& path)
    : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
  if (fd_ < 0) fail("open", path);
  while (::flock(fd_, LOCK_EX) != 0) {
    if (errno != EINTR) {
      const int saved = errno;
      ::close(fd_);
      errno = saved;
      fail("lock", path);
    }
  }
}

ExclusiveFileLock::~ExclusiveFileLock() {
  ::close(fd_);
}

FileSource::FileSource(const std::string& path) : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) fail("open", path);
  struct stat st{};
  if (::fstat(fd_, &st) != 0) {
    const int saved = errno;
    ::close(fd_);
    errno = saved;
    fail("stat", path);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
}

FileSource::~FileSource() {
  ::close(fd_);
}

void FileSource::read(std::uint64_t offset, void* out, std::size_t n) {
  auto* to = static_cast<std::uint8_t*>(out);
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd_, to + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail("read", path_);
    if (got == 0) {
      throw_error(ErrorCode::kPersistError, "'" + path_ + "' changed while reading: it ends at byte " +
                                                std::to_string(offset + done) + " of the " + std::to_string(size_) +
                                                " it had when opened (truncated by another process?)");
    }
    done += static_cast<std::size_t>(got);
  }
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  FileSource source(path);
  std::vector<std::uint8_t> out(static_cast<std::size_t>(source.size()));
  source.read(0, out.data(), out.size());
  return out;
}

}  // namespace ruvector
