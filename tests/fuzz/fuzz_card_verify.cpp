// Agent Card signature verification of arbitrary card text, against the trusted keys of the golden
// cards (tests/data/a2a_cards: an Ed25519 and a P-256 key) with a signature required, and with no
// keys and none required. Also the typed card reader and endpoint selection on the same text.
// Properties: only ruvector errors; a card reported verified carries the kid and alg that did it.
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/jsonrpc.hpp"
#include "ruvector/a2a/types.hpp"

namespace a2a = ruvector::a2a;
using ruvector::fuzz::returns_or_ruvector_error;

namespace {

// The JWKS of the manifest's first case (both golden signing keys).
const a2a::Jwks& trusted_keys() {
  static const a2a::Jwks keys = [] {
    std::ifstream in(RUVECTOR_TEST_DATA_DIR "/a2a_cards/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    const boost::json::value manifest = boost::json::parse(text.str());
    return a2a::Jwks::from_json(manifest.at("cases").at(0).at("keys"));
  }();
  return keys;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  if (trusted_keys().keys().size() < 2) ruvector::fuzz::property_failed("golden JWKS not loaded");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::value card;
  if (!returns_or_ruvector_error([&] { card = a2a::parse_json(text, "agent card"); })) return 0;
  returns_or_ruvector_error([&] {
    const a2a::CardVerification v = a2a::verify_agent_card(card, trusted_keys(), true);
    if (!v.verified || v.alg.empty()) ruvector::fuzz::property_failed("required signature reported unverified");
  });
  returns_or_ruvector_error([&] {
    if (a2a::verify_agent_card(card, a2a::Jwks{}, false).verified) {
      ruvector::fuzz::property_failed("verified without trusted keys");
    }
  });
  returns_or_ruvector_error([&] { (void)a2a::select_jsonrpc_endpoint(a2a::parse_agent_card(card)); });
  return 0;
}
