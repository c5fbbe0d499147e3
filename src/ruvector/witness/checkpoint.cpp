#include "ruvector/witness/checkpoint.hpp"

#include <algorithm>

#include "ruvector/core/error.hpp"
#include "ruvector/crypto/base64url.hpp"

namespace ruvector::witness {
namespace {

[[noreturn]] void malformed(const std::string& why) {
  throw_error(ErrorCode::kWitnessMismatch, "malformed checkpoint: " + why);
}

std::uint64_t parse_tree_size(std::string_view s) {
  if (s.empty()) malformed("empty tree size line");
  if (s.size() > 1 && s[0] == '0') malformed("tree size \"" + std::string(s) + "\" has a leading zero");
  std::uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') malformed("tree size \"" + std::string(s) + "\" is not a decimal number");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - digit) / 10) malformed("tree size \"" + std::string(s) + "\" overflows 64 bits");
    v = v * 10 + digit;
  }
  return v;
}

}  // namespace

std::string checkpoint_text(const Checkpoint& checkpoint) {
  if (checkpoint.origin.empty() || checkpoint.origin.find('\n') != std::string::npos) {
    throw_error(ErrorCode::kInvalidInput, "checkpoint origin must be one non-empty line");
  }
  std::string out =
      checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" + crypto::base64_encode(checkpoint.root) + "\n";
  for (const std::string& line : checkpoint.extensions) {
    if (line.empty() || line.find('\n') != std::string::npos) {
      throw_error(ErrorCode::kInvalidInput, "checkpoint extension lines must be non-empty single lines");
    }
    out += line + "\n";
  }
  return out;
}

Checkpoint parse_checkpoint_text(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    if (eol == std::string_view::npos) malformed("the text must end with a newline");
    lines.push_back(text.substr(0, eol));
    text.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) malformed("need origin, tree size and root hash lines, got " + std::to_string(lines.size()));
  Checkpoint c;
  if (lines[0].empty()) malformed("empty origin");
  c.origin = std::string(lines[0]);
  c.size = parse_tree_size(lines[1]);
  std::vector<std::uint8_t> root;
  try {
    root = crypto::base64_decode(lines[2], "root hash");
  } catch (const Error& e) {
    malformed(e.what());
  }
  if (root.size() != c.root.size()) malformed("root hash is " + std::to_string(root.size()) + " bytes, expected 32");
  std::copy(root.begin(), root.end(), c.root.begin());
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) malformed("empty extension line");
    c.extensions.emplace_back(lines[i]);
  }
  return c;
}

std::string sign_checkpoint(const Checkpoint& checkpoint, std::span<const NoteSigner> signers) {
  return sign_note(checkpoint_text(checkpoint), signers);
}

Checkpoint verify_checkpoint(std::string_view note, std::span<const NoteVerifier> trusted) {
  const OpenedNote opened = open_note(note, trusted);
  return parse_checkpoint_text(opened.text);
}

Checkpoint verify_checkpoint(std::string_view note, std::span<const std::string> trusted_verifier_keys) {
  std::vector<NoteVerifier> verifiers;
  verifiers.reserve(trusted_verifier_keys.size());
  for (const std::string& key : trusted_verifier_keys) verifiers.push_back(NoteVerifier::parse(key));
  return verify_checkpoint(note, verifiers);
}

}  // namespace ruvector::witness
