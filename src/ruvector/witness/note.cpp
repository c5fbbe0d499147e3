#include "ruvector/witness/note.hpp"

#include <algorithm>
#include <set>
#include <tuple>
#include <utility>

#include "ruvector/core/error.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/witness/hex.hpp"

namespace ruvector::witness {
namespace {

constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";  // U+2014 EM DASH, space
constexpr std::string_view kSignerPrefix = "PRIVATE+KEY+";

[[noreturn]] void mismatch(const std::string& message) {
  throw_error(ErrorCode::kWitnessMismatch, message);
}
[[noreturn]] void invalid(const std::string& message) {
  throw_error(ErrorCode::kInvalidInput, message);
}

// One UTF-8 scalar value decoded at s[i]; `ok` is false for an invalid, overlong or surrogate
// sequence (Go's utf8.DecodeRune rejects the same ones), and then `length` is 1.
struct DecodedRune {
  std::uint32_t code_point;
  std::size_t length;
  bool ok;
};

DecodedRune decode_utf8(std::string_view s, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k])); };
  const std::uint32_t b0 = byte(i);
  if (b0 < 0x80U) return {b0, 1, true};
  std::size_t len = 0;
  std::uint32_t cp = 0;
  std::uint32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2, cp = b0 & 0x1FU, min = 0x80U;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3, cp = b0 & 0x0FU, min = 0x800U;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4, cp = b0 & 0x07U, min = 0x10000U;
  } else {
    return {0, 1, false};
  }
  if (i + len > s.size()) return {0, 1, false};
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0U) != 0x80U) return {0, 1, false};
    cp = (cp << 6U) | (byte(i + k) & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) return {0, 1, false};
  return {cp, len, true};
}

bool is_unicode_space(std::uint32_t cp) noexcept {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 with no ASCII control character other than '\n'; returns the offending byte
// position or npos.
std::size_t first_bad_text_byte(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size();) {
    const DecodedRune r = decode_utf8(s, i);
    if (!r.ok || (r.code_point < 0x20U && r.code_point != '\n')) return i;
    i += r.length;
  }
  return std::string_view::npos;
}

std::pair<std::string_view, std::string_view> chop(std::string_view s, char sep) noexcept {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return {s, {}};
  return {s.substr(0, at), s.substr(at + 1)};
}

std::string key_hash_hex(std::uint32_t hash) {
  const std::array<std::uint8_t, 4> be = {static_cast<std::uint8_t>(hash >> 24U),
                                          static_cast<std::uint8_t>(hash >> 16U), static_cast<std::uint8_t>(hash >> 8U),
                                          static_cast<std::uint8_t>(hash)};
  return to_hex(be);
}

std::uint32_t parse_key_hash(std::string_view hex, std::string_view what) {
  if (hex.size() != 8)
    invalid(std::string(what) + ": the key hash must be 8 hex digits, got \"" + std::string(hex) + "\"");
  const std::vector<std::uint8_t> b = from_hex(hex, std::string(what) + " key hash");
  return (std::uint32_t{b[0]} << 24U) | (std::uint32_t{b[1]} << 16U) | (std::uint32_t{b[2]} << 8U) | b[3];
}

// base64(0x01 || 32 bytes) of a key string -> the 32 bytes.
std::array<std::uint8_t, 32> parse_ed25519_key_bytes(std::string_view b64, std::string_view what) {
  const std::vector<std::uint8_t> key = crypto::base64_decode(b64, std::string(what) + " key");
  if (key.empty()) invalid(std::string(what) + ": empty key");
  if (key[0] != kNoteAlgorithmEd25519) {
    invalid(std::string(what) + ": unsupported signature algorithm " + std::to_string(key[0]) + " (only 1, Ed25519)");
  }
  if (key.size() != 33)
    invalid(std::string(what) + ": an Ed25519 key is 33 bytes with its type, got " + std::to_string(key.size()));
  std::array<std::uint8_t, 32> out{};
  std::copy(key.begin() + 1, key.end(), out.begin());
  return out;
}

std::string typed_key_base64(crypto::Bytes key) {
  std::vector<std::uint8_t> typed;
  typed.push_back(kNoteAlgorithmEd25519);
  typed.insert(typed.end(), key.begin(), key.end());
  return crypto::base64_encode(typed);
}

void require_key_name(std::string_view name, std::string_view what) {
  if (!is_valid_key_name(name)) {
    invalid(std::string(what) + ": invalid key name \"" + std::string(name) +
            "\" (non-empty UTF-8 without spaces or '+')");
  }
}

}  // namespace

bool is_valid_key_name(std::string_view name) noexcept {
  if (name.empty() || name.find('+') != std::string_view::npos) return false;
  for (std::size_t i = 0; i < name.size();) {
    const DecodedRune r = decode_utf8(name, i);
    if (!r.ok || is_unicode_space(r.code_point)) return false;
    i += r.length;
  }
  return true;
}

std::uint32_t note_key_hash(std::string_view name, crypto::Bytes ed25519_public_key) {
  const std::uint8_t separator_and_type[2] = {'\n', kNoteAlgorithmEd25519};
  const crypto::Sha256Digest h =
      crypto::sha256_of_parts({crypto::as_bytes(name), crypto::Bytes(separator_and_type, 2), ed25519_public_key});
  return (std::uint32_t{h[0]} << 24U) | (std::uint32_t{h[1]} << 16U) | (std::uint32_t{h[2]} << 8U) | h[3];
}

// ---- verifier -------------------------------------------------------------------------------------

NoteVerifier::NoteVerifier(std::string name, const std::array<std::uint8_t, 32>& public_key)
    : name_(std::move(name)), public_key_(public_key) {
  require_key_name(name_, "verifier key");
  key_hash_ = note_key_hash(name_, public_key_);
}

NoteVerifier NoteVerifier::parse(std::string_view verifier_key) {
  const auto [name, rest] = chop(verifier_key, '+');
  const auto [hash16, key64] = chop(rest, '+');
  require_key_name(name, "verifier key");
  const std::uint32_t hash = parse_key_hash(hash16, "verifier key");
  NoteVerifier v(std::string(name), parse_ed25519_key_bytes(key64, "verifier key"));
  if (v.key_hash_ != hash) {
    invalid("verifier key \"" + std::string(name) + "\": key hash " + std::string(hash16) +
            " does not match the key (" + key_hash_hex(v.key_hash_) + ")");
  }
  return v;
}

std::string NoteVerifier::to_string() const {
  return name_ + "+" + key_hash_hex(key_hash_) + "+" + typed_key_base64(public_key_);
}

bool NoteVerifier::verify(std::string_view text, crypto::Bytes signature) const {
  if (signature.size() != crypto::kEd25519SignatureBytes) return false;
  return crypto::ed25519_verify(public_key_, crypto::as_bytes(text), signature);
}

// ---- signer ---------------------------------------------------------------------------------------

NoteSigner::NoteSigner(std::string name, crypto::Bytes seed)
    : name_(std::move(name)), key_(crypto::ed25519_keypair_from_seed(seed)) {
  require_key_name(name_, "signer key");
  key_hash_ = note_key_hash(name_, key_.public_key);
}

NoteSigner NoteSigner::generate(std::string name) {
  require_key_name(name, "signer key");
  const crypto::Ed25519KeyPair key = crypto::ed25519_generate_keypair();
  return {std::move(name), key.seed};
}

NoteSigner NoteSigner::parse(std::string_view signer_key) {
  if (!signer_key.starts_with(kSignerPrefix)) {
    invalid("signer key: must start with \"PRIVATE+KEY+\"");
  }
  const auto [name, rest] = chop(signer_key.substr(kSignerPrefix.size()), '+');
  const auto [hash16, key64] = chop(rest, '+');
  require_key_name(name, "signer key");
  const std::uint32_t hash = parse_key_hash(hash16, "signer key");
  NoteSigner s(std::string(name), parse_ed25519_key_bytes(key64, "signer key"));
  if (s.key_hash_ != hash) {
    invalid("signer key \"" + std::string(name) + "\": key hash " + std::string(hash16) + " does not match the key (" +
            key_hash_hex(s.key_hash_) + ")");
  }
  return s;
}

std::string NoteSigner::to_string() const {
  return std::string(kSignerPrefix) + name_ + "+" + key_hash_hex(key_hash_) + "+" + typed_key_base64(key_.seed);
}

crypto::Ed25519Signature NoteSigner::sign(std::string_view text) const noexcept {
  return crypto::ed25519_sign(key_, crypto::as_bytes(text));
}

// ---- notes ----------------------------------------------------------------------------------------

std::string sign_note(std::string_view text, std::span<const NoteSigner> signers) {
  if (text.empty() || text.back() != '\n') invalid("note text must be non-empty and end with a newline");
  if (const std::size_t bad = first_bad_text_byte(text); bad != std::string_view::npos) {
    invalid("note text has invalid UTF-8 or a control character at byte " + std::to_string(bad));
  }
  if (signers.empty()) invalid("sign_note: no signer");
  std::string out(text);
  out += '\n';
  for (const NoteSigner& signer : signers) {
    const crypto::Ed25519Signature sig = signer.sign(text);
    std::vector<std::uint8_t> blob = {
        static_cast<std::uint8_t>(signer.key_hash() >> 24U), static_cast<std::uint8_t>(signer.key_hash() >> 16U),
        static_cast<std::uint8_t>(signer.key_hash() >> 8U), static_cast<std::uint8_t>(signer.key_hash())};
    blob.insert(blob.end(), sig.begin(), sig.end());
    out += kSignaturePrefix;
    out += signer.name();
    out += ' ';
    out += crypto::base64_encode(blob);
    out += '\n';
  }
  return out;
}

namespace {

// One line of a note's signature block: "— name base64(key hash || signature)".
struct SignatureLine {
  std::string_view body;  // the line after the em dash
  std::string_view name;
  std::string_view base64;
  std::uint32_t key_hash = 0;
  std::vector<std::uint8_t> signature;
};

SignatureLine parse_signature_line(std::string_view line) {
  if (!line.starts_with(kSignaturePrefix)) {
    mismatch("malformed note: a signature line must start with an em dash and a space");
  }
  SignatureLine out;
  out.body = line.substr(kSignaturePrefix.size());
  std::tie(out.name, out.base64) = chop(out.body, ' ');
  if (!is_valid_key_name(out.name) || out.base64.empty()) mismatch("malformed note: bad signature line");
  std::vector<std::uint8_t> blob;
  try {
    blob = crypto::base64_decode(out.base64, "signature");
  } catch (const Error&) {
    mismatch("malformed note: the signature of \"" + std::string(out.name) + "\" is not base64");
  }
  if (blob.size() < 5) mismatch("malformed note: the signature of \"" + std::string(out.name) + "\" is too short");
  out.key_hash =
      (std::uint32_t{blob[0]} << 24U) | (std::uint32_t{blob[1]} << 16U) | (std::uint32_t{blob[2]} << 8U) | blob[3];
  out.signature.assign(blob.begin() + 4, blob.end());
  return out;
}

// Sorts the signatures of one note into verified (by a known key; a bad one is an error) and
// unverified, each key's and each unknown line's first only.
class SignatureSorter {
 public:
  SignatureSorter(std::span<const NoteVerifier> known, OpenedNote& opened) : known_(known), opened_(opened) {}

  void add(const SignatureLine& line) {
    NoteSignature signature{std::string(line.name), line.key_hash, std::string(line.base64)};
    const auto verifier = std::find_if(known_.begin(), known_.end(), [&](const NoteVerifier& v) {
      return v.name() == line.name && v.key_hash() == line.key_hash;
    });
    if (verifier == known_.end()) {
      if (seen_unverified_.insert(line.body).second) opened_.unverified.push_back(std::move(signature));
      return;
    }
    if (!seen_.insert({std::string(line.name), line.key_hash}).second) return;  // repeated signature by one key
    if (!verifier->verify(opened_.text, line.signature)) {
      mismatch("note signature by \"" + std::string(line.name) + "\" (key " + key_hash_hex(line.key_hash) +
               ") does not verify");
    }
    opened_.verified.push_back(std::move(signature));
  }

 private:
  std::span<const NoteVerifier> known_;
  OpenedNote& opened_;
  std::set<std::pair<std::string, std::uint32_t>> seen_;
  std::set<std::string_view> seen_unverified_;
};

std::string trusted_key_names(std::span<const NoteVerifier> known) {
  std::string names;
  for (const NoteVerifier& v : known)
    names += (names.empty() ? "" : ", ") + v.name() + "+" + key_hash_hex(v.key_hash());
  return names.empty() ? std::string("none") : names;
}

}  // namespace

OpenedNote open_note(std::string_view note, std::span<const NoteVerifier> known) {
  if (const std::size_t bad = first_bad_text_byte(note); bad != std::string_view::npos) {
    mismatch("malformed note: invalid UTF-8 or a control character at byte " + std::to_string(bad));
  }
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) mismatch("malformed note: no blank line before the signatures");
  OpenedNote opened;
  opened.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') mismatch("malformed note: the signature block must end with a newline");

  SignatureSorter sorter(known, opened);
  std::size_t count = 0;
  while (!sigs.empty()) {
    const std::size_t eol = sigs.find('\n');
    const SignatureLine line = parse_signature_line(sigs.substr(0, eol));
    sigs.remove_prefix(eol + 1);
    if (++count > kMaxNoteSignatures) mismatch("malformed note: more than 100 signatures");
    sorter.add(line);
  }
  if (opened.verified.empty()) {
    mismatch("note has no signature by a trusted key (trusted: " + trusted_key_names(known) + ")");
  }
  return opened;
}

}  // namespace ruvector::witness
