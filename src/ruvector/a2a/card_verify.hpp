// Agent Card signature verification (A2A v1.0 section 8.4, also v0.3 `AgentCard.signatures`).
//
// A signed card carries `"signatures": [{"protected": ..., "signature": ..., "header"?: {...}}]`.
// Each entry is a JWS (RFC 7515) in the JSON serialization with a detached payload: the payload is
// the RFC 8785 canonical form of the card with the `signatures` member removed, and the signing
// input is ASCII(protected || "." || BASE64URL(canonical card)) -- the ordinary, base64url-encoded
// JWS payload (no RFC 7797 "b64": false), which is what JOSE libraries (npm jose, joserfc, PyJWT
// as used by the a2a-sdk signer) produce for a detached JWS.
//
// What is checked, per signature, until one verifies:
//  - `protected` is unpadded base64url of a JSON object (duplicate names rejected) with "alg";
//    protected and unprotected (`header`) names are disjoint (RFC 7515 section 7.2.1);
//  - "alg" is "EdDSA" (Ed25519 keys) or "ES256" (P-256 keys); "none" and everything else is refused;
//  - "crit" (RFC 7515 section 4.1.11) must be protected and list only parameters this verifier
//    understands -- there are none, so any "crit" is refused; "b64": false is refused;
//  - "kid" (protected or unprotected) selects the trusted keys with that kid; without "kid" every
//    trusted key of the algorithm's key type is tried;
//  - the signature verifies (crypto::ed25519_verify / crypto::p256_ecdsa_sha256_verify).
// "typ" and "jku" are not interpreted: the trusted keys are the caller's decision, never a URL
// taken from the card itself.
//
// Outcomes:
//  - some signature verifies with a trusted key:   {verified = true, kid, alg}
//  - card has no `signatures` (or an empty array): require_signature ? CardSignatureInvalid
//                                                                    : {verified = false}
//  - signed, but no trusted keys given:           require_signature ? CardSignatureInvalid
//                                                                    : {verified = false}
//    (nothing can be checked; a client that pins keys passes them and gets an answer)
//  - signed and keys given, but no signature verifies: CardSignatureInvalid, always. The message
//    says why for each signature: "does not verify" (tampered card or another signer's key),
//    "unknown kid", "unsupported alg", "malformed JWS", ...
// Errors of the inputs themselves: card text that is not a JSON object -> ProtocolError (from
// parse_json / the card check); a JWKS that is not valid -> InvalidInput naming the key and member.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ruvector::a2a {

enum class JwsAlgorithm : std::uint8_t { kEdDSA, kES256 };

// "EdDSA" / "ES256": the JOSE name.
std::string_view jws_algorithm_name(JwsAlgorithm alg) noexcept;

// A trusted public key: OKP/Ed25519 (`x`) or EC/P-256 (`x`, `y`).
struct Jwk {
  std::string kid;  // "" when the JWK has none
  JwsAlgorithm alg = JwsAlgorithm::kEdDSA;
  std::vector<std::uint8_t> x;  // 32 bytes
  std::vector<std::uint8_t> y;  // 32 bytes for P-256, empty for Ed25519
};

// Trusted keys, read from a JWKS ({"keys": [...]}, RFC 7517 section 5) or a single JWK object.
// Per key: "kty" "OKP" with "crv" "Ed25519", or "kty" "EC" with "crv" "P-256"; other key types and
// curves (RSA, oct, X25519, P-384, ...) are refused with InvalidInput, as are a wrong coordinate
// length and an "alg" that does not fit the key ("EdDSA" / "Ed25519" for OKP, "ES256" for EC).
// Keys with "use" other than "sig" are dropped: they are not signature keys. Empty (or blank)
// text means no trusted keys.
class Jwks {
 public:
  Jwks() = default;
  static Jwks parse(std::string_view json_text);
  static Jwks from_json(const boost::json::value& jwks_or_jwk);

  [[nodiscard]] const std::vector<Jwk>& keys() const noexcept { return keys_; }
  [[nodiscard]] bool empty() const noexcept { return keys_.empty(); }

 private:
  std::vector<Jwk> keys_;
};

struct CardVerification {
  bool verified = false;
  std::string kid;  // of the signature that verified ("" if none)
  std::string alg;  // "EdDSA" / "ES256" ("" if none)
};

// At most this many signatures are examined (each may cost an EC verification); more is an error.
inline constexpr std::size_t kMaxCardSignatures = 32;

// The card as JSON text (read with parse_json: exact doubles, duplicate names refused, both of
// which the signature depends on) and the trusted keys as JWKS / JWK text.
// The default of every caller-facing require_signature option (client and standalone verify):
// unset means "required exactly when trusted keys are given", so pinning keys can never be undone
// by a card whose signatures were stripped; an explicit false opts out.
inline bool signature_required(std::optional<bool> require_signature, std::string_view trusted_keys_json) noexcept {
  return require_signature.value_or(!trusted_keys_json.empty());
}

CardVerification verify_agent_card(std::string_view card_json, std::string_view jwks_json, bool require_signature);

// The same for an already parsed card. `card` must come from parse_json: boost::json::parse can
// misread a double by one ulp, which changes the canonical form and fails a valid signature.
CardVerification verify_agent_card(const boost::json::value& card, const Jwks& keys, bool require_signature);

}  // namespace ruvector::a2a
