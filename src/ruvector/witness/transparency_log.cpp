#include "ruvector/witness/transparency_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "ruvector/core/crc32.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/core/file_io.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::witness {
namespace {

constexpr std::string_view kStateMagic = "ruvector-tlog 1\n";

[[noreturn]] void persist_error(const std::string& message) {
  throw_error(ErrorCode::kPersistError, message);
}

[[noreturn]] void os_error(const std::string& action, const std::string& path) {
  persist_error("transparency log: cannot " + action + " " + path + ": " +
                std::strerror(errno));  // NOLINT(concurrency-mt-unsafe): read right away
}

// An open file descriptor, closed on scope exit.
class FileHandle {
 public:
  // `flags` must include O_CLOEXEC.
  FileHandle(const std::string& path, int flags) : fd_(::open(path.c_str(), flags, 0644)) {
    if (fd_ < 0) os_error("open", path);
  }
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;
  ~FileHandle() { ::close(fd_); }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string log_state_text(const LogState& state) {
  const std::uint64_t size = state.size;
  const Hash& root = state.root;
  const std::string body = std::string(kStateMagic) + std::to_string(size) + "\n" + crypto::base64_encode(root) + "\n";
  const std::uint32_t crc = crc32(crypto::as_bytes(body));
  const std::array<std::uint8_t, 4> be = {static_cast<std::uint8_t>(crc >> 24U), static_cast<std::uint8_t>(crc >> 16U),
                                          static_cast<std::uint8_t>(crc >> 8U), static_cast<std::uint8_t>(crc)};
  return body + to_hex(be) + "\n";
}

LogState parse_log_state(std::string_view text, const std::string& path) {
  const auto bad = [&](const std::string& why) { persist_error("transparency log state " + path + ": " + why); };
  if (!text.starts_with(kStateMagic)) bad("not a ruvector-tlog 1 state file");
  // Exactly three lines after the magic: size, root, CRC; each ends in '\n'.
  std::string_view lines[3];
  std::string_view rest = text.substr(kStateMagic.size());
  for (std::string_view& line : lines) {
    const std::size_t eol = rest.find('\n');
    if (eol == std::string_view::npos) bad("truncated");
    line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
  }
  if (!rest.empty()) bad(std::to_string(rest.size()) + " bytes after the checksum line");
  const std::string_view body = text.substr(0, text.size() - lines[2].size() - 1);
  const std::uint32_t crc = crc32(crypto::as_bytes(body));
  const std::array<std::uint8_t, 4> be = {static_cast<std::uint8_t>(crc >> 24U), static_cast<std::uint8_t>(crc >> 16U),
                                          static_cast<std::uint8_t>(crc >> 8U), static_cast<std::uint8_t>(crc)};
  if (lines[2] != to_hex(be)) bad("checksum mismatch");
  const std::string_view digits = lines[0];
  if (digits.empty() || digits.size() > 20 || (digits.size() > 1 && digits[0] == '0')) bad("bad size");
  std::uint64_t size = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') bad("bad size");
    if (__builtin_mul_overflow(size, 10U, &size) || __builtin_add_overflow(size, c - '0', &size)) bad("size overflows");
  }
  std::vector<std::uint8_t> root_bytes;
  try {
    root_bytes = crypto::base64_decode(lines[1], "state root");
  } catch (const Error&) {
    bad("root is not base64");
  }
  if (root_bytes.size() != 32) bad("bad root");
  Hash root{};
  std::copy(root_bytes.begin(), root_bytes.end(), root.begin());
  return {size, root};
}

TransparencyLog::TransparencyLog(std::string dir) : dir_(std::move(dir)) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) persist_error("transparency log: cannot create " + dir_ + ": " + ec.message());
  reload();
}

void TransparencyLog::reload() {
  const std::string state_path = dir_ + "/state";
  if (!std::filesystem::exists(state_path)) {
    leaves_.clear();
    size_ = 0;
    root_ = empty_tree_root();
    return;
  }
  const std::vector<std::uint8_t> state = read_file(state_path);
  const auto [size, root] =
      parse_log_state(std::string_view(reinterpret_cast<const char*>(state.data()), state.size()));
  const std::vector<std::uint8_t> bytes = read_file(dir_ + "/leaves");
  if (bytes.size() / 32 < size) {
    persist_error("transparency log " + dir_ + ": state says " + std::to_string(size) +
                  " leaves, the leaves file holds " + std::to_string(bytes.size() / 32));
  }
  const auto count = static_cast<std::size_t>(size);  // <= bytes.size() / 32, so it fits (wasm32 too)
  leaves_.resize(count);
  for (std::size_t i = 0; i < count; ++i) std::memcpy(leaves_[i].data(), bytes.data() + 32 * i, 32);
  if (root_of(leaves_) != root)
    persist_error("transparency log " + dir_ + ": the leaves do not reproduce the recorded root");
  size_ = size;
  root_ = root;
}

std::uint64_t TransparencyLog::append(crypto::Bytes entry) {
  return append_leaf_hash(leaf_hash(entry));
}

std::uint64_t TransparencyLog::append_leaf_hash(const Hash& leaf) {
  const ExclusiveFileLock lock(dir_ + "/lock");
  reload();  // another process may have appended since we last looked
  const std::string leaves_path = dir_ + "/leaves";
  {
    const FileHandle leaves(leaves_path, O_WRONLY | O_CREAT | O_CLOEXEC);
    // Drop a torn tail from an interrupted append, then write at the recorded end.
    if (::ftruncate(leaves.get(), static_cast<off_t>(32 * size_)) != 0) os_error("truncate", leaves_path);
    std::size_t done = 0;
    while (done < 32) {
      const ssize_t n = ::pwrite(leaves.get(), leaf.data() + done, 32 - done, static_cast<off_t>(32 * size_ + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) os_error("write", leaves_path);
      done += static_cast<std::size_t>(n);
    }
    if (::fsync(leaves.get()) != 0) os_error("fsync", leaves_path);
  }
  leaves_.push_back(leaf);
  const Hash new_root = root_of(leaves_);
  const std::string state = log_state_text({size_ + 1, new_root});
  write_file_atomic(dir_ + "/state", crypto::as_bytes(state));
  root_ = new_root;
  return size_++;
}

Hash TransparencyLog::leaf_hash_at(std::uint64_t index) const {
  if (index >= size_) {
    throw_error(ErrorCode::kInvalidInput, "transparency log: leaf index " + std::to_string(index) +
                                              " is not below the size " + std::to_string(size_));
  }
  return leaves_[static_cast<std::size_t>(index)];  // below size_, which fits
}

std::vector<Hash> TransparencyLog::inclusion_proof(std::uint64_t index, std::uint64_t tree_size) const {
  return witness::inclusion_proof(leaves_, index, tree_size);
}

std::vector<Hash> TransparencyLog::consistency_proof(std::uint64_t size1, std::uint64_t size2) const {
  return witness::consistency_proof(leaves_, size1, size2);
}

std::string TransparencyLog::write_checkpoint(const std::string& origin, const NoteSigner& signer) {
  const ExclusiveFileLock lock(dir_ + "/lock");
  reload();  // sign what is on disk, not what this object last saw
  const std::string note =
      sign_checkpoint(Checkpoint{origin, size_, root_, {}}, std::span<const NoteSigner>(&signer, 1));
  write_file_atomic(dir_ + "/checkpoint", crypto::as_bytes(note));
  return note;
}

std::optional<std::string> TransparencyLog::read_checkpoint() const {
  const std::string path = dir_ + "/checkpoint";
  if (!std::filesystem::exists(path)) return std::nullopt;
  const std::vector<std::uint8_t> bytes = read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

}  // namespace ruvector::witness
