// An append-only RFC 9162 Merkle log in a directory (the OS's natively, the module's file system in
// wasm: Pyodide's files under Pyodide). Layout (docs/lake.md, "Transparency log"):
//   leaves      32-byte leaf hashes, in order; bytes past 32 * size are a torn append and ignored
//   state       "ruvector-tlog 1\n" size "\n" base64(root) "\n" crc32 hex "\n", replaced atomically
//   checkpoint  the latest signed checkpoint note (replaced atomically after state)
//   lock        flock()ed while appending, so two processes never interleave appends
// An append writes the leaf hashes at 32 * size (dropping any torn tail), fsyncs, then replaces
// `state`: a crash at any point leaves the previous size, root and checkpoint valid.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ruvector/crypto/crypto.hpp"
#include "ruvector/witness/checkpoint.hpp"
#include "ruvector/witness/merkle.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::witness {

struct LogState {
  std::uint64_t size = 0;
  Hash root{};
};

// Parses the `state` file's text (the fuzz entry point): PersistError naming `path` on anything but
// the exact layout above with a matching CRC.
LogState parse_log_state(std::string_view text, const std::string& path = "state");
std::string log_state_text(const LogState& state);

class TransparencyLog {
 public:
  // Opens the log in `dir`, creating an empty one if `dir` holds none (the directory itself must
  // exist or be creatable). Checks that the leaves reproduce the recorded root: PersistError if not.
  explicit TransparencyLog(std::string dir);

  [[nodiscard]] std::uint64_t size() const noexcept { return size_; }
  [[nodiscard]] Hash root() const noexcept { return root_; }
  [[nodiscard]] const std::string& dir() const noexcept { return dir_; }

  // Appends leaf_hash(entry) and returns its index.
  std::uint64_t append(crypto::Bytes entry);
  std::uint64_t append_leaf_hash(const Hash& leaf);

  [[nodiscard]] Hash leaf_hash_at(std::uint64_t index) const;
  [[nodiscard]] std::vector<Hash> inclusion_proof(std::uint64_t index, std::uint64_t tree_size) const;
  [[nodiscard]] std::vector<Hash> consistency_proof(std::uint64_t size1, std::uint64_t size2) const;

  // Signs the current tree head as a checkpoint for `origin`, stores it as `checkpoint` and returns it.
  std::string write_checkpoint(const std::string& origin, const NoteSigner& signer);
  // The stored checkpoint note, if any.
  [[nodiscard]] std::optional<std::string> read_checkpoint() const;

 private:
  void reload();
  std::string dir_;
  std::vector<Hash> leaves_;
  std::uint64_t size_ = 0;
  Hash root_{};
};

}  // namespace ruvector::witness
