// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note that commits
// to a Merkle tree head:
//   origin "\n" decimal tree size (no leading zeros) "\n" base64(32-byte root) "\n" extension-line*
// Extension lines are non-empty and kept verbatim (they are signed too).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/witness/merkle.hpp"
#include "ruvector/witness/note.hpp"

namespace ruvector::witness {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;
};

std::string checkpoint_text(const Checkpoint& checkpoint);  // InvalidInput on a bad origin/extension
Checkpoint parse_checkpoint_text(std::string_view text);    // WitnessMismatch if malformed

std::string sign_checkpoint(const Checkpoint& checkpoint, std::span<const NoteSigner> signers);

// Opens the note with the trusted verifier keys (at least one must have signed it) and parses its
// body. Throws WitnessMismatch on any failure, InvalidInput for a malformed verifier key string.
Checkpoint verify_checkpoint(std::string_view note, std::span<const NoteVerifier> trusted);
Checkpoint verify_checkpoint(std::string_view note, std::span<const std::string> trusted_verifier_keys);

}  // namespace ruvector::witness
