// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys, compatible with Go's
// golang.org/x/mod/sumdb/note:
//   note      = text (UTF-8, non-empty, ends in '\n', no ASCII control byte but '\n') "\n" sigline+
//   sigline   = U+2014 " " key-name " " base64(u32be key-hash || signature) "\n"
//   key hash  = first 4 bytes of SHA-256(key-name || 0x0A || 0x01 || public key)
//   verifier  = key-name "+" 8 hex digits of key hash "+" base64(0x01 || public key)
//   signer    = "PRIVATE+KEY+" key-name "+" key hash hex "+" base64(0x01 || 32-byte seed)
// Key names are non-empty UTF-8 with neither Unicode spaces nor '+'.
//
// Opening follows Go's note.Open: the signature block starts after the last blank line; unknown
// keys are ignored; a signature by a known key that does not verify rejects the whole note; at
// most 100 signatures; at least one must verify. Failures throw WitnessMismatch (naming the key
// where one is involved); malformed key strings throw InvalidInput.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::witness {

inline constexpr std::uint8_t kNoteAlgorithmEd25519 = 0x01;
inline constexpr std::size_t kMaxNoteSignatures = 100;

std::uint32_t note_key_hash(std::string_view name, crypto::Bytes ed25519_public_key);
bool is_valid_key_name(std::string_view name) noexcept;

class NoteVerifier {
 public:
  static NoteVerifier parse(std::string_view verifier_key);  // "name+hash+base64"
  NoteVerifier(std::string name, const std::array<std::uint8_t, 32>& public_key);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::uint32_t key_hash() const noexcept { return key_hash_; }
  [[nodiscard]] const std::array<std::uint8_t, 32>& public_key() const noexcept { return public_key_; }
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool verify(std::string_view text, crypto::Bytes signature) const;

 private:
  std::string name_;
  std::array<std::uint8_t, 32> public_key_;
  std::uint32_t key_hash_ = 0;
};

class NoteSigner {
 public:
  static NoteSigner parse(std::string_view signer_key);  // "PRIVATE+KEY+name+hash+base64"
  static NoteSigner generate(std::string name);          // a fresh key from the OS CSPRNG
  NoteSigner(std::string name, crypto::Bytes seed);

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] std::uint32_t key_hash() const noexcept { return key_hash_; }
  [[nodiscard]] NoteVerifier verifier() const { return {name_, key_.public_key}; }
  [[nodiscard]] std::string to_string() const;  // the secret key string: keep it private
  [[nodiscard]] crypto::Ed25519Signature sign(std::string_view text) const noexcept;

 private:
  std::string name_;
  crypto::Ed25519KeyPair key_;
  std::uint32_t key_hash_ = 0;
};

struct NoteSignature {
  std::string name;
  std::uint32_t key_hash = 0;
  std::string base64;  // base64(key hash || signature), as on the line
};

struct OpenedNote {
  std::string text;                       // the signed text, including its final '\n'
  std::vector<NoteSignature> verified;    // by known keys, in note order
  std::vector<NoteSignature> unverified;  // by unknown keys (ignored for trust)
};

// `text` signed by every signer, in order. Throws InvalidInput if the text is not a valid note text.
std::string sign_note(std::string_view text, std::span<const NoteSigner> signers);

OpenedNote open_note(std::string_view note, std::span<const NoteVerifier> known);

}  // namespace ruvector::witness
