#include "ruvector/a2a/card_verify.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/json_kind.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/crypto/crypto.hpp"

namespace ruvector::a2a {
namespace {

namespace json = boost::json;

// ---- JWKS -----------------------------------------------------------------------------------

[[noreturn]] void bad_key(const std::string& where, const std::string& why) {
  throw_error(ErrorCode::kInvalidInput, "trusted keys: " + where + ": " + why);
}

std::string quoted(std::string_view s) {
  return "'" + std::string(s) + "'";
}

const json::string* string_member(const json::object& obj, std::string_view name, const std::string& where,
                                  bool required) {
  const json::value* v = obj.if_contains(name);
  if (v == nullptr) {
    if (required) bad_key(where, "missing \"" + std::string(name) + "\"");
    return nullptr;
  }
  if (!v->is_string()) {
    bad_key(where, "\"" + std::string(name) + "\" must be a string, got " + std::string(json_kind_name(v->kind())));
  }
  return &v->get_string();
}

std::vector<std::uint8_t> key_coordinate(const json::object& jwk, std::string_view name, const std::string& where) {
  const json::string* text = string_member(jwk, name, where, true);
  std::vector<std::uint8_t> bytes;
  try {
    bytes = crypto::base64url_decode(*text, "\"" + std::string(name) + "\"");
  } catch (const Error& e) {
    bad_key(where, e.what());
  }
  if (bytes.size() != 32) {
    bad_key(where, "\"" + std::string(name) + "\" must decode to 32 bytes, got " + std::to_string(bytes.size()));
  }
  return bytes;
}

// Returns nullopt for a key that is not meant for signatures ("use" other than "sig").
std::optional<Jwk> parse_jwk(const json::value& value, const std::string& where_in) {
  if (!value.is_object())
    bad_key(where_in, "a JWK must be an object, got " + std::string(json_kind_name(value.kind())));
  const json::object& obj = value.get_object();
  std::string where = where_in;
  Jwk key;
  if (const json::string* kid = string_member(obj, "kid", where, false)) {
    key.kid = std::string(*kid);
    where += " (kid " + quoted(key.kid) + ")";
  }
  if (const json::string* use = string_member(obj, "use", where, false); use != nullptr && *use != "sig") {
    return std::nullopt;
  }
  const std::string kty(*string_member(obj, "kty", where, true));
  const json::string* crv = string_member(obj, "crv", where, kty == "OKP" || kty == "EC");
  const json::string* alg = string_member(obj, "alg", where, false);
  if (kty == "OKP") {
    if (*crv != "Ed25519") {
      bad_key(where, "unsupported OKP curve " + quoted(*crv) + " (supported: Ed25519)");
    }
    // "Ed25519" is the fully specified name of RFC 9864; "EdDSA" the original one of RFC 8037.
    if (alg != nullptr && *alg != "EdDSA" && *alg != "Ed25519") {
      bad_key(where, "\"alg\" " + quoted(*alg) + " does not fit an Ed25519 key (expected EdDSA)");
    }
    key.alg = JwsAlgorithm::kEdDSA;
    key.x = key_coordinate(obj, "x", where);
  } else if (kty == "EC") {
    if (*crv != "P-256") bad_key(where, "unsupported EC curve " + quoted(*crv) + " (supported: P-256)");
    if (alg != nullptr && *alg != "ES256") {
      bad_key(where, "\"alg\" " + quoted(*alg) + " does not fit a P-256 key (expected ES256)");
    }
    key.alg = JwsAlgorithm::kES256;
    key.x = key_coordinate(obj, "x", where);
    key.y = key_coordinate(obj, "y", where);
  } else {
    bad_key(where, "unsupported key type \"kty\" " + quoted(kty) + " (supported: OKP/Ed25519, EC/P-256)");
  }
  return key;
}

[[noreturn]] void fail(const std::string& why) {
  throw_error(ErrorCode::kCardSignatureInvalid, "Agent Card signature invalid: " + why);
}

// ---- JWS ------------------------------------------------------------------------------------

// Why one signature entry did not verify; the card's error message lists these.
struct Rejection {
  std::string reason;
};

struct Header {
  json::object protected_params;
  const json::object* unprotected = nullptr;

  [[nodiscard]] const json::value* find(std::string_view name) const {
    if (const json::value* v = protected_params.if_contains(name)) return v;
    return unprotected != nullptr ? unprotected->if_contains(name) : nullptr;
  }
};

// Parameters of RFC 7515/7518/7797 that are legal in "crit"'s sense; a verifier understands none
// of the extension parameters here, so "crit" must be absent.
std::optional<Rejection> check_crit(const Header& header) {
  if (header.unprotected != nullptr && header.unprotected->contains("crit")) {
    return Rejection{"malformed JWS: \"crit\" must be in the protected header"};
  }
  const json::value* crit = header.protected_params.if_contains("crit");
  if (crit == nullptr) return std::nullopt;
  if (!crit->is_array() || crit->get_array().empty()) {
    return Rejection{"malformed JWS: \"crit\" must be a non-empty array of names"};
  }
  std::string names;
  for (const json::value& name : crit->get_array()) {
    if (!name.is_string()) return Rejection{"malformed JWS: \"crit\" must be a non-empty array of names"};
    names += (names.empty() ? "" : ", ") + quoted(name.get_string());
  }
  return Rejection{"unsupported critical header parameter(s) " + names + " in \"crit\""};
}

std::optional<JwsAlgorithm> algorithm_from_name(std::string_view name) {
  if (name == "EdDSA" || name == "Ed25519") return JwsAlgorithm::kEdDSA;
  if (name == "ES256") return JwsAlgorithm::kES256;
  return std::nullopt;
}

bool verify_with(const Jwk& key, std::string_view signing_input, const std::vector<std::uint8_t>& signature) {
  const crypto::Bytes message = crypto::as_bytes(signing_input);
  if (key.alg == JwsAlgorithm::kEdDSA) return crypto::ed25519_verify(key.x, message, signature);
  return crypto::p256_ecdsa_sha256_verify(key.x, key.y, message, signature);
}

std::string kid_list(const Jwks& keys) {
  std::string out;
  for (const Jwk& key : keys.keys()) {
    if (!key.kid.empty()) out += (out.empty() ? "" : ", ") + quoted(key.kid);
  }
  return out.empty() ? "none" : out;
}

// One `signatures[i]` entry with its members read and decoded.
struct JwsEntry {
  std::string protected_b64;
  Header header;
  std::vector<std::uint8_t> signature;
};

// How the header says to verify: the algorithm, and the key id if it names one.
struct SigningParams {
  std::string alg_name;
  JwsAlgorithm alg = JwsAlgorithm::kEdDSA;
  std::optional<std::string> kid;
};

// Decodes the protected header (which must be a JSON object) and the signature bytes.
std::optional<Rejection> decode_entry(const json::string& protected_b64, const json::string& signature_b64,
                                      JwsEntry& out) {
  try {
    const std::vector<std::uint8_t> header_bytes = crypto::base64url_decode(protected_b64, "\"protected\"");
    const json::value parsed = parse_json(
        std::string_view(reinterpret_cast<const char*>(header_bytes.data()), header_bytes.size()), "protected header");
    if (!parsed.is_object()) {
      return Rejection{"malformed JWS: protected header is " + std::string(json_kind_name(parsed.kind())) +
                       ", not an object"};
    }
    out.header.protected_params = parsed.get_object();
    out.signature = crypto::base64url_decode(signature_b64, "\"signature\"");
  } catch (const Error& e) {
    return Rejection{std::string("malformed JWS: ") + e.what()};
  }
  out.protected_b64 = std::string(protected_b64);
  return std::nullopt;
}

// Reads the entry's "protected", "signature" and "header" members and decodes them.
std::optional<Rejection> read_entry(const json::value& entry, JwsEntry& out) {
  if (!entry.is_object()) {
    return Rejection{"malformed JWS: expected an object, got " + std::string(json_kind_name(entry.kind()))};
  }
  const json::object& sig = entry.get_object();
  const json::value* protected_b64 = sig.if_contains("protected");
  const json::value* signature_b64 = sig.if_contains("signature");
  if (protected_b64 == nullptr || !protected_b64->is_string()) {
    return Rejection{"malformed JWS: \"protected\" must be a string"};
  }
  if (signature_b64 == nullptr || !signature_b64->is_string()) {
    return Rejection{"malformed JWS: \"signature\" must be a string"};
  }
  if (const json::value* unprotected = sig.if_contains("header")) {
    if (!unprotected->is_object()) return Rejection{"malformed JWS: \"header\" must be an object"};
    out.header.unprotected = &unprotected->get_object();
  }
  return decode_entry(protected_b64->get_string(), signature_b64->get_string(), out);
}

// A header parameter may be protected or unprotected, not both.
std::optional<Rejection> check_disjoint_headers(const Header& header) {
  if (header.unprotected == nullptr) return std::nullopt;
  for (const auto& member : *header.unprotected) {
    if (header.protected_params.contains(member.key())) {
      return Rejection{"malformed JWS: header parameter \"" + std::string(member.key()) +
                       "\" is both protected and unprotected"};
    }
  }
  return std::nullopt;
}

// "alg" (which must be integrity protected: an unprotected "alg" could be swapped by anyone),
// "crit", "b64" and "kid".
std::optional<Rejection> read_signing_params(const Header& header, SigningParams& out) {
  const json::value* alg_value = header.protected_params.if_contains("alg");
  if (alg_value == nullptr || !alg_value->is_string()) {
    return Rejection{"malformed JWS: the protected header has no \"alg\" string"};
  }
  out.alg_name = std::string(alg_value->get_string());
  const std::optional<JwsAlgorithm> alg = algorithm_from_name(out.alg_name);
  if (!alg) return Rejection{"unsupported alg " + quoted(out.alg_name) + " (supported: EdDSA, ES256)"};
  out.alg = *alg;
  if (std::optional<Rejection> crit = check_crit(header)) return crit;
  if (const json::value* b64 = header.find("b64"); b64 != nullptr && !(b64->is_bool() && b64->get_bool())) {
    return Rejection{"unsupported \"b64\": false (RFC 7797 unencoded payload); A2A signs the base64url payload"};
  }
  if (const json::value* kid_value = header.find("kid")) {
    if (!kid_value->is_string()) return Rejection{"malformed JWS: \"kid\" must be a string"};
    out.kid = std::string(kid_value->get_string());
  }
  return std::nullopt;
}

std::string signer_name(const SigningParams& params) {
  return params.kid ? "kid " + quoted(*params.kid) : std::string("no kid");
}

// Why no trusted key could even be tried: the named kid has another algorithm, or is unknown.
Rejection no_candidate_key(const SigningParams& params, const Jwks& keys) {
  const std::optional<std::string>& kid = params.kid;
  const bool kid_known =
      kid && std::any_of(keys.keys().begin(), keys.keys().end(), [&](const Jwk& key) { return key.kid == *kid; });
  if (kid_known) {
    return Rejection{signer_name(params) + ": the trusted key is not an " + params.alg_name + " key (alg mismatch)"};
  }
  return Rejection{"unknown kid: " + signer_name(params) + " matches no trusted " + params.alg_name +
                   " key (trusted kids: " + kid_list(keys) + ")"};
}

// Tries each trusted key of the entry's algorithm (and kid, if named); on success fills `result`.
std::optional<Rejection> verify_with_trusted_keys(const JwsEntry& entry, const SigningParams& params,
                                                  const std::string& payload_b64, const Jwks& keys,
                                                  CardVerification& result) {
  const std::string signing_input = entry.protected_b64 + "." + payload_b64;
  bool any_candidate = false;
  for (const Jwk& key : keys.keys()) {
    if ((params.kid && key.kid != *params.kid) || key.alg != params.alg) continue;
    any_candidate = true;
    if (entry.signature.size() != crypto::kEd25519SignatureBytes) {  // 64 for both EdDSA and ES256 (r || s)
      return Rejection{"malformed JWS: " + params.alg_name + " signature must be 64 bytes, got " +
                       std::to_string(entry.signature.size())};
    }
    if (verify_with(key, signing_input, entry.signature)) {
      result = CardVerification{true, params.kid ? *params.kid : key.kid, params.alg_name};
      return std::nullopt;
    }
  }
  if (!any_candidate) return no_candidate_key(params, keys);
  return Rejection{signer_name(params) + ", " + params.alg_name +
                   ": the signature does not verify (card tampered or signed by another key)"};
}

// Checks one `signatures[i]` entry; on success fills `result`.
std::optional<Rejection> check_signature(const json::value& entry, const std::string& payload_b64, const Jwks& keys,
                                         CardVerification& result) {
  JwsEntry jws;
  if (std::optional<Rejection> rejection = read_entry(entry, jws)) return rejection;
  if (std::optional<Rejection> rejection = check_disjoint_headers(jws.header)) return rejection;
  SigningParams params;
  if (std::optional<Rejection> rejection = read_signing_params(jws.header, params)) return rejection;
  return verify_with_trusted_keys(jws, params, payload_b64, keys, result);
}

}  // namespace

std::string_view jws_algorithm_name(JwsAlgorithm alg) noexcept {
  return alg == JwsAlgorithm::kEdDSA ? "EdDSA" : "ES256";
}

Jwks Jwks::parse(std::string_view json_text) {
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
  json::value parsed;
  try {
    parsed = parse_json(json_text, "JWKS");
  } catch (const Error& e) {
    throw_error(ErrorCode::kInvalidInput, std::string("trusted keys: ") + e.what());
  }
  return from_json(parsed);
}

Jwks Jwks::from_json(const json::value& jwks_or_jwk) {
  Jwks out;
  if (!jwks_or_jwk.is_object()) {
    bad_key("JWKS", "expected a JWK set {\"keys\": [...]} or one JWK object, got " +
                        std::string(json_kind_name(jwks_or_jwk.kind())));
  }
  const json::object& obj = jwks_or_jwk.get_object();
  if (const json::value* keys = obj.if_contains("keys")) {
    if (!keys->is_array())
      bad_key("JWKS", "\"keys\" must be an array, got " + std::string(json_kind_name(keys->kind())));
    std::size_t i = 0;
    for (const json::value& k : keys->get_array()) {
      if (std::optional<Jwk> key = parse_jwk(k, "keys[" + std::to_string(i) + "]"))
        out.keys_.push_back(std::move(*key));
      ++i;
    }
  } else if (std::optional<Jwk> key = parse_jwk(jwks_or_jwk, "JWK")) {
    out.keys_.push_back(std::move(*key));
  }
  return out;
}

CardVerification verify_agent_card(std::string_view card_json, std::string_view jwks_json, bool require_signature) {
  const Jwks keys = Jwks::parse(jwks_json);
  return verify_agent_card(parse_json(card_json, "Agent Card"), keys, require_signature);
}

CardVerification verify_agent_card(const json::value& card, const Jwks& keys, bool require_signature) {
  if (!card.is_object()) {
    throw_error(ErrorCode::kProtocolError,
                "Agent Card must be a JSON object, got " + std::string(json_kind_name(card.kind())));
  }
  const json::object& card_obj = card.get_object();
  const json::value* signatures = card_obj.if_contains("signatures");
  if (signatures != nullptr && !signatures->is_array()) {
    fail("malformed JWS: \"signatures\" must be an array, got " + std::string(json_kind_name(signatures->kind())));
  }
  if (signatures == nullptr || signatures->get_array().empty()) {
    if (require_signature) fail("the card is unsigned (no \"signatures\") but a signature is required");
    return {};
  }
  const json::array& entries = signatures->get_array();
  if (keys.empty()) {
    if (require_signature) fail("the card is signed but no trusted keys were given to verify it with");
    return {};
  }
  if (entries.size() > kMaxCardSignatures) {
    fail("malformed JWS: " + std::to_string(entries.size()) + " signatures (at most " +
         std::to_string(kMaxCardSignatures) + " are examined)");
  }

  json::object payload = card_obj;
  payload.erase("signatures");
  const std::string canonical = canonicalize(payload);
  const std::string payload_b64 = crypto::base64url_encode(crypto::as_bytes(canonical));

  std::string reasons;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    CardVerification result;
    const std::optional<Rejection> rejection = check_signature(entries[i], payload_b64, keys, result);
    if (!rejection) return result;
    reasons += (reasons.empty() ? "" : "; ") + ("signatures[" + std::to_string(i) + "]: ") + rejection->reason;
  }
  fail(reasons);
}

}  // namespace ruvector::a2a
