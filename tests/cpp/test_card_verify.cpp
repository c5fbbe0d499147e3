// Agent Card signature verification and the crypto under it.
//  - Published vectors: FIPS 180-2 SHA-256, RFC 8032 Ed25519, RFC 8037 A.4/A.5 (EdDSA JWS),
//    RFC 7515 A.3 (ES256 JWS), verified through the same functions the card verifier uses.
//  - Golden cards (tests/data/a2a_cards/, signed by joserfc + rfc8785, see make_a2a_cards.py): the
//    manifest lists each card, its trusted keys and the expected outcome.
//  - Bounded fuzzing: mutated signed cards never crash and never verify.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "error_of.hpp"
#include "golden.hpp"
#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/core/error.hpp"
#include "ruvector/crypto/base64url.hpp"
#include "ruvector/crypto/crypto.hpp"

namespace json = boost::json;
namespace a2a = ruvector::a2a;
namespace crypto = ruvector::crypto;
using ruvector::ErrorCode;

namespace {

std::vector<std::uint8_t> hex(std::string_view text) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoul(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

std::string to_hex(crypto::Bytes bytes) {
  static constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : bytes) {
    out += kDigits[b >> 4U];
    out += kDigits[b & 0xFU];
  }
  return out;
}

std::vector<std::uint8_t> b64(std::string_view text) {
  return crypto::base64url_decode(text);
}

using ruvector::test::error_of;

std::string card_file(const std::string& name) {
  return ruvector::test::read_test_file("a2a_cards/" + name);
}

std::string keys_text(const json::value& keys) {
  return keys.is_null() ? std::string() : json::serialize(keys);
}

}  // namespace

// ---- SHA-256 ------------------------------------------------------------------------------------

TEST_CASE("SHA-256: FIPS 180-2 vectors", "[card][crypto]") {
  CHECK(to_hex(crypto::sha256(crypto::as_bytes("abc"))) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(to_hex(crypto::sha256(crypto::as_bytes(""))) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(to_hex(crypto::sha256(crypto::as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million_a(1000000, 'a');
  CHECK(to_hex(crypto::sha256(crypto::as_bytes(million_a))) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// ---- Ed25519 ------------------------------------------------------------------------------------

TEST_CASE("Ed25519: RFC 8032 section 7.1 vectors verify, altered ones do not", "[card][crypto]") {
  struct Vector {
    const char* name;
    const char* public_key;
    const char* message;
    const char* signature;
  };
  const Vector vectors[] = {
      {"TEST 1", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
       "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe"
       "24655141438e7a100b"},
      {"TEST 2", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
       "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302a"
       "eeb00d291612bb0c00"},
      {"TEST 3", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
       "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed2"
       "8dc027beceea1ec40a"},
      {"TEST SHA(abc)", "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
       "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643c"
       "e80e2a9ac94fa54ca49f",
       "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac1"
       "7ad9bef1177331a704"},
  };
  for (const Vector& v : vectors) {
    INFO(v.name);
    const std::vector<std::uint8_t> pk = hex(v.public_key);
    std::vector<std::uint8_t> msg = hex(v.message);
    std::vector<std::uint8_t> sig = hex(v.signature);
    CHECK(crypto::ed25519_verify(pk, msg, sig));
    msg.push_back(0);
    CHECK_FALSE(crypto::ed25519_verify(pk, msg, sig));
    msg.pop_back();
    sig[10] ^= 0x01U;
    CHECK_FALSE(crypto::ed25519_verify(pk, msg, sig));
  }
}

TEST_CASE("Ed25519: S + L (a malleated signature) and small-order keys are refused", "[card][crypto]") {
  const std::vector<std::uint8_t> pk = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  std::vector<std::uint8_t> sig = hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe"
      "24655141438e7a100b");
  // L = 2^252 + 27742317777372353535851937790883648493, little-endian; S + L satisfies the group
  // equation too, so only the canonical-S check (RFC 8032 section 5.1.7) rejects it.
  const std::vector<std::uint8_t> l = hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  unsigned carry = 0;
  for (std::size_t i = 0; i < 32; ++i) {
    const unsigned sum = sig[32 + i] + l[i] + carry;
    sig[32 + i] = static_cast<std::uint8_t>(sum & 0xFFU);
    carry = sum >> 8U;
  }
  REQUIRE(carry == 0);
  CHECK_FALSE(crypto::ed25519_verify(pk, {}, sig));

  // The identity point as a public key: every signature with R = identity and S = 0 would "verify".
  std::vector<std::uint8_t> identity(32, 0);
  identity[0] = 1;
  std::vector<std::uint8_t> forged(64, 0);
  forged[0] = 1;
  CHECK_FALSE(crypto::ed25519_verify(identity, crypto::as_bytes("anything"), forged));
}

TEST_CASE("Ed25519 / P-256: wrong buffer lengths are InvalidInput naming the length", "[card][crypto]") {
  const std::vector<std::uint8_t> k31(31, 1);
  const std::vector<std::uint8_t> k32(32, 1);
  const std::vector<std::uint8_t> s64(64, 1);
  const std::vector<std::uint8_t> s70(70, 1);
  auto [code, message] = error_of([&] { (void)crypto::ed25519_verify(k31, {}, s64); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK_THAT(message, Catch::Contains("Ed25519 public key must be 32 bytes, got 31"));
  std::tie(code, message) = error_of([&] { (void)crypto::p256_ecdsa_sha256_verify(k32, k32, {}, s70); });
  CHECK(code == ErrorCode::kInvalidInput);
  CHECK_THAT(message, Catch::Contains("ES256 signature must be 64 bytes, got 70"));
}

// ---- JWS vectors --------------------------------------------------------------------------------

TEST_CASE("RFC 8037 A.4/A.5: the published EdDSA JWS verifies", "[card][crypto]") {
  const std::string input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  const std::vector<std::uint8_t> x = b64("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  const std::vector<std::uint8_t> sig =
      b64("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  CHECK(crypto::ed25519_verify(x, crypto::as_bytes(input), sig));
  // A.5 says the payload decodes to "Example of Ed25519 signing".
  const std::vector<std::uint8_t> payload = b64("RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc");
  CHECK(std::string(payload.begin(), payload.end()) == "Example of Ed25519 signing");
  CHECK_FALSE(crypto::ed25519_verify(x, crypto::as_bytes(input + "."), sig));
}

TEST_CASE("RFC 7515 A.3: the published ES256 JWS verifies", "[card][crypto]") {
  const std::string input =
      "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cn"
      "VlfQ";
  const std::vector<std::uint8_t> x = b64("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU");
  std::vector<std::uint8_t> y = b64("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0");
  std::vector<std::uint8_t> sig =
      b64("DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
  CHECK(crypto::p256_ecdsa_sha256_verify(x, y, crypto::as_bytes(input), sig));
  CHECK_FALSE(crypto::p256_ecdsa_sha256_verify(x, y, crypto::as_bytes(input + " "), sig));

  SECTION("a point off the curve is refused") {
    y[31] ^= 0x01U;
    CHECK_FALSE(crypto::p256_ecdsa_sha256_verify(x, y, crypto::as_bytes(input), sig));
  }
  SECTION("r = 0 is refused") {
    std::fill(sig.begin(), sig.begin() + 32, std::uint8_t{0});
    CHECK_FALSE(crypto::p256_ecdsa_sha256_verify(x, y, crypto::as_bytes(input), sig));
  }
  SECTION("s = n (out of range) is refused") {
    const std::vector<std::uint8_t> n = hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    std::copy(n.begin(), n.end(), sig.begin() + 32);
    CHECK_FALSE(crypto::p256_ecdsa_sha256_verify(x, y, crypto::as_bytes(input), sig));
  }
}

// ---- base64url ----------------------------------------------------------------------------------

TEST_CASE("base64url: round trip and strict decoding", "[card][crypto]") {
  std::vector<std::uint8_t> bytes;
  for (int n = 0; n < 70; ++n) {
    const std::string text = crypto::base64url_encode(bytes);
    CHECK(text.find('=') == std::string::npos);
    CHECK(crypto::base64url_decode(text) == bytes);
    bytes.push_back(static_cast<std::uint8_t>(n * 37 + 250));
  }
  CHECK(crypto::base64url_encode(crypto::as_bytes("\xfb\xff")) == "-_8");

  struct Bad {
    const char* text;
    const char* message;
  };
  for (const Bad& bad : {Bad{"QQ==", "'=' at position 2 (padding is not allowed)"},
                         Bad{"a+b/", "'+' at position 1 (standard base64, not base64url)"},
                         Bad{"QQ Q", "byte 0x20 at position 2"}, Bad{"QUJDR", "length 5 leaves a dangling character"},
                         Bad{"QR", "non-zero unused bits in the last character 'R'"}}) {
    INFO(bad.text);
    const auto [code, message] = error_of([&] { (void)crypto::base64url_decode(bad.text, "\"signature\""); });
    CHECK(code == ErrorCode::kInvalidInput);
    CHECK_THAT(message, Catch::StartsWith("\"signature\" is not unpadded base64url") && Catch::Contains(bad.message));
  }
}

// ---- trusted keys -------------------------------------------------------------------------------

TEST_CASE("JWKS: supported keys parse, unsupported ones are refused by name", "[card]") {
  const std::string x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  const a2a::Jwks one = a2a::Jwks::parse(R"({"kty":"OKP","crv":"Ed25519","kid":"k","x":")" + x + "\"}");
  REQUIRE(one.keys().size() == 1);
  CHECK(one.keys()[0].kid == "k");
  CHECK(one.keys()[0].alg == a2a::JwsAlgorithm::kEdDSA);
  CHECK(a2a::Jwks::parse("  \n").empty());
  // An encryption key in the set is not a signature key: dropped, not an error.
  CHECK(a2a::Jwks::parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","use":"enc","x":")" + x + "\"}]}").empty());

  struct Bad {
    std::string jwks;
    const char* message;
  };
  const Bad bads[] = {
      {R"({"keys":[{"kty":"oct","k":"AAAA"}]})", "keys[0]: unsupported key type \"kty\" 'oct'"},
      {R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})", "unsupported EC curve 'P-384' (supported: P-256)"},
      {R"({"kty":"OKP","crv":"Ed25519","x":"AAAA"})", "\"x\" must decode to 32 bytes, got 3"},
      {R"({"kty":"OKP","crv":"Ed25519","alg":"ES256","kid":"k2","x":")" + x + "\"}",
       "JWK (kid 'k2'): \"alg\" 'ES256' does not fit an Ed25519 key"},
      {R"({"kty":"EC","crv":"P-256","x":")" + x + "\"}", "missing \"y\""},
      {R"({"keys":{}})", "\"keys\" must be an array, got an object"},
      {"[1]", "expected a JWK set"},
      {"{", "trusted keys: "},
  };
  for (const Bad& bad : bads) {
    INFO(bad.jwks);
    const auto [code, message] = error_of([&] { (void)a2a::Jwks::parse(bad.jwks); });
    CHECK(code == ErrorCode::kInvalidInput);
    CHECK_THAT(message, Catch::Contains(bad.message));
  }
}

// ---- golden cards -------------------------------------------------------------------------------

TEST_CASE("Agent Cards signed by joserfc verify as the manifest says", "[card]") {
  const json::value manifest = json::parse(card_file("manifest.json"));
  const json::array& cases = manifest.at("cases").as_array();
  REQUIRE(cases.size() >= 20);
  for (const json::value& item : cases) {
    const json::object& c = item.as_object();
    const std::string name(c.at("name").as_string());
    INFO("case " << name << ": " << c.at("description").as_string());
    const std::string card = card_file(std::string(c.at("file").as_string()));
    const std::string keys = keys_text(c.at("keys"));
    const bool require = c.at("require_signature").as_bool();
    if (c.at("expect").as_string() == "ok") {
      a2a::CardVerification result;
      REQUIRE_NOTHROW(result = a2a::verify_agent_card(card, keys, require));
      CHECK(result.verified == c.at("verified").as_bool());
      CHECK(result.kid == c.at("kid").as_string());
      CHECK(result.alg == c.at("alg").as_string());
    } else {
      const auto [code, message] = error_of([&] { (void)a2a::verify_agent_card(card, keys, require); });
      INFO("message: " << message);
      CHECK(ruvector::error_name(code) == c.at("error").as_string());
      CHECK_THAT(message, Catch::Contains(std::string(c.at("error_contains").as_string())));
    }
  }
}

TEST_CASE("Agent Card: the parsed-value overload agrees and error messages say why", "[card]") {
  const std::string card = card_file("ed25519_v1.json");
  const std::string keys = keys_text(json::parse(card_file("manifest.json")).at("cases").at(0).at("keys"));
  const a2a::Jwks jwks = a2a::Jwks::parse(keys);
  const a2a::CardVerification r = a2a::verify_agent_card(a2a::parse_json(card), jwks, true);
  CHECK(r.verified);
  CHECK(r.alg == "EdDSA");

  const auto [code, message] = error_of([&] { (void)a2a::verify_agent_card(card_file("tampered.json"), keys, false); });
  CHECK(code == ErrorCode::kCardSignatureInvalid);
  CHECK(message ==
        "Agent Card signature invalid: signatures[0]: kid 'ed-1', EdDSA: the signature does not verify (card "
        "tampered or signed by another key)");

  const auto [code2, message2] = error_of([&] { (void)a2a::verify_agent_card("[]", keys, false); });
  CHECK(code2 == ErrorCode::kProtocolError);
  CHECK_THAT(message2, Catch::Contains("must be a JSON object, got an array"));
}

// ---- fuzz ---------------------------------------------------------------------------------------

namespace {

// The canonical form of a card without its signatures: what a signature covers.
std::string signed_content(const std::string& card_text) {
  json::object card = a2a::parse_json(card_text).as_object();
  card.erase("signatures");
  return a2a::canonicalize(card);
}

}  // namespace

TEST_CASE("Agent Card fuzz: mutated signed cards never crash; changed content never verifies", "[card][fuzz]") {
  const json::value manifest = json::parse(card_file("manifest.json"));
  const std::string keys = keys_text(manifest.at("cases").at(0).at("keys"));
  const std::string token_pool[] = {
      "\"",   "\\",   "{", "}",   "[",      "]", ",", ":", "1e999", "-0", "null", "\"signatures\"", "\"protected\"",
      "\xff", "\xc3", "=", "eyJ", "\\u0000"};
  std::mt19937_64 rng(0xC0FFEE);
  std::size_t verified = 0;
  std::size_t rejected = 0;
  for (const char* file : {"ed25519_v1.json", "es256_v1.json", "numbers.json", "unicode.json", "two.json"}) {
    const std::string original = card_file(file);
    const std::string original_content = signed_content(original);
    for (int round = 0; round < 300; ++round) {
      std::string card = original;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits; ++e) {
        const std::size_t pos = rng() % card.size();
        switch (rng() % 4) {
          case 0: card[pos] = static_cast<char>(card[pos] ^ (1U << (rng() % 8))); break;
          case 1: card.erase(pos, 1 + rng() % 8); break;
          case 2: card.insert(pos, token_pool[rng() % std::size(token_pool)]); break;
          default: card.insert(pos, card.substr(rng() % card.size(), rng() % 16)); break;
        }
        if (card.empty()) card = "{}";
      }
      try {
        if (a2a::verify_agent_card(card, keys, true).verified) {
          ++verified;
          CHECK(signed_content(card) == original_content);
        }
      } catch (const ruvector::Error&) {
        ++rejected;
      } catch (const std::exception& e) {
        FAIL("non-ruvector exception " << e.what());
      }
    }
  }
  // A mutation can land in insignificant whitespace or re-create the same card: those verify, with
  // unchanged signed content (checked above). Most mutations change the content and are rejected.
  CHECK(rejected > verified * 5);
  CHECK(rejected + verified == 5 * 300);
}
