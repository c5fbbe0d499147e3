// Issue 9 item 5: the trust rules of the A2A client core (one implementation for every target).
// A stripped signature with pinned keys, credentials sent to a foreign or downgraded endpoint,
// redirects, and a card cache shared between callers with different credentials.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "error_of.hpp"
#include "ruvector/a2a/card_verify.hpp"
#include "ruvector/a2a/client_core.hpp"
#include "ruvector/a2a/client_json.hpp"
#include "ruvector/a2a/origin.hpp"
#include "ruvector/core/error.hpp"

using ruvector::ErrorCode;
using namespace ruvector::a2a;
using ruvector::test::code_of;
using ruvector::test::message_of;

namespace {

// RFC 8032 section 7.1 TEST 1 public key: a valid key that signed none of these cards.
const char* const kJwks =
    R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"k1"}]})";

std::string card_with_endpoint(const std::string& url) {
  return R"({"name": "A", "description": "d", "version": "1",
    "supportedInterfaces": [{"url": ")" +
         url + R"(", "protocolBinding": "JSONRPC", "protocolVersion": "1.0"}],
    "capabilities": {"streaming": true}, "defaultInputModes": ["text/plain"],
    "defaultOutputModes": ["text/plain"], "skills": []})";
}

ClientOptions with_bearer() {
  ClientOptions o;
  o.bearer_token = "secret";
  return o;
}

}  // namespace

TEST_CASE("trusted keys make a signature required unless the caller opts out", "[a2a][trust]") {
  const std::string unsigned_card = card_with_endpoint("/rpc");
  ClientOptions pinned;
  pinned.trusted_keys_json = kJwks;
  const auto [code, message] = ruvector::test::error_of([&] { Client c(unsigned_card, "http://h/card.json", pinned); });
  CHECK(code == ErrorCode::kCardSignatureInvalid);
  CHECK(message.find("unsigned") != std::string::npos);

  ClientOptions opted_out = pinned;
  opted_out.require_signature = false;
  const Client c(unsigned_card, "http://h/card.json", opted_out);
  CHECK_FALSE(c.card_verified());

  CHECK(Client(unsigned_card, "http://h/card.json", ClientOptions{}).endpoint().url == "http://h/rpc");  // no keys

  // The JSON options leave requireSignature unset, so the default applies there too.
  const ClientOptions parsed = parse_client_options(std::string(R"({"trustedKeys":)") + kJwks + "}");
  CHECK_FALSE(parsed.require_signature.has_value());
  CHECK(parsed.signature_required());
  CHECK_FALSE(parse_client_options(std::string(R"({"requireSignature":false,"trustedKeys":)") + kJwks + "}")
                  .signature_required());
  // The standalone verifier uses the same default.
  CHECK(signature_required(std::nullopt, kJwks));
  CHECK_FALSE(signature_required(std::nullopt, ""));
  CHECK(signature_required(true, ""));
}

TEST_CASE("origins: normalized scheme, host and port", "[a2a][trust]") {
  CHECK(url_origin("HTTP://Example.COM/x") == "http://example.com:80");
  CHECK(url_origin("https://u:p@h:0443/?q") == "https://h:443");
  CHECK(url_origin("http://[::1]:8080/a") == "http://[::1]:8080");
  CHECK(code_of([] { (void)url_origin("ftp://h/"); }) == ErrorCode::kTransportError);
  CHECK(code_of([] { (void)url_origin("http:///x"); }) == ErrorCode::kTransportError);
  CHECK(code_of([] { (void)url_origin("http://h:12x/"); }) == ErrorCode::kTransportError);
  CHECK(parse_credential_origin("https://api.example/", "o") == "https://api.example:443");
  CHECK(message_of([] { (void)parse_credential_origin("http://api.example", "options.credentialOrigins[0]"); }) ==
        "options.credentialOrigins[0] must be an https origin (https://host[:port]), got \"http://api.example\": not "
        "https");
  CHECK(code_of([] { (void)parse_credential_origin("https://h/path", "o"); }) == ErrorCode::kInvalidInput);
}

TEST_CASE("credentials go only to the card's origin or an allowed https origin", "[a2a][trust]") {
  const std::string card_url = "http://127.0.0.1:1000/.well-known/agent-card.json";
  // Same origin (relative or absolute endpoint): fine.
  CHECK(Client(card_with_endpoint("/rpc"), card_url, with_bearer()).endpoint().url == "http://127.0.0.1:1000/rpc");
  CHECK_NOTHROW(Client(card_with_endpoint("http://127.0.0.1:1000/x"), card_url, with_bearer()));

  // Another port on the same host is another origin.
  const auto [code, message] = ruvector::test::error_of(
      [&] { Client c(card_with_endpoint("http://127.0.0.1:2000/rpc"), card_url, with_bearer()); });
  CHECK(code == ErrorCode::kProtocolError);
  CHECK(message ==
        "not sending credentials (bearer token) to the card's endpoint http://127.0.0.1:2000/rpc: its origin "
        "http://127.0.0.1:2000 is not the origin the card came from (http://127.0.0.1:1000) and it is plain http (only "
        "https origins can be allowed as credential origins)");

  // Without credentials a foreign endpoint is allowed (cards may live on another host).
  CHECK_NOTHROW(Client(card_with_endpoint("http://127.0.0.1:2000/rpc"), card_url, ClientOptions{}));

  // Every kind of credential counts.
  ClientOptions api_key;
  api_key.api_key = "k";
  api_key.headers.push_back({"X-Tenant", "t"});
  CHECK(message_of([&] {
          Client c(card_with_endpoint("https://evil.example/rpc"), card_url, api_key);
        }).find("(API key, custom headers)") != std::string::npos);

  // Downgrade: the card came over https, the endpoint on the same host is plain http.
  CHECK(code_of([&] {
          Client c(card_with_endpoint("http://agent.example/rpc"), "https://agent.example/card.json", with_bearer());
        }) == ErrorCode::kProtocolError);

  // An allowed https origin receives them; its http twin does not; neither does an unlisted host.
  ClientOptions allowed = with_bearer();
  allowed.credential_origins.push_back(parse_credential_origin("https://api.example", "o"));
  CHECK_NOTHROW(Client(card_with_endpoint("https://API.example:443/rpc"), "https://agent.example/card.json", allowed));
  CHECK(message_of([&] {
          Client c(card_with_endpoint("http://api.example/rpc"), "https://agent.example/card.json", allowed);
        }).find("plain http") != std::string::npos);
  CHECK(message_of([&] {
          Client c(card_with_endpoint("https://other.example/rpc"), "https://agent.example/card.json", allowed);
        }).find("nor an allowed credential origin") != std::string::npos);

  // The JSON options check the list.
  CHECK(parse_client_options(R"({"credentialOrigins":["https://a.example:8443"]})").credential_origins ==
        std::vector<std::string>{"https://a.example:8443"});
  CHECK(code_of([] { (void)parse_client_options(R"({"credentialOrigins":["http://a.example"]})"); }) ==
        ErrorCode::kInvalidInput);
}

TEST_CASE("redirects are an error, never followed, the same on every target", "[a2a][trust]") {
  CardCache cache;
  CardDiscovery d(cache, "http://127.0.0.1:1000", with_bearer(), 0);
  const auto [code, message] =
      ruvector::test::error_of([&] { d.on_response(302, {{"Location", "http://x/"}}, "", 0); });
  CHECK(code == ErrorCode::kTransportError);
  CHECK(message ==
        "HTTP redirect from http://127.0.0.1:1000/.well-known/agent-card.json not followed: requests (and credentials) "
        "go only where the agent card says");
  CHECK(is_redirect(301));
  CHECK(is_redirect(308));
  CHECK_FALSE(is_redirect(304));

  Client client(card_with_endpoint("/rpc"), "http://127.0.0.1:1000/card.json", with_bearer());
  const Call call = client.get_task("t1");
  CHECK(message_of([&] {
          (void)client.finish(call, 307, "text/plain", "moved");
        }).starts_with("HTTP redirect from http://127.0.0.1:1000/rpc not followed"));
  StreamSession s = client.subscribe("t1");
  s.on_head(308, "text/html");
  (void)s.on_data("<a href=...>");
  CHECK(message_of([&] { (void)s.on_end(); }).starts_with("HTTP redirect from"));
}

TEST_CASE("the card cache keeps cards of different credentials apart", "[a2a][trust]") {
  CardCache cache;
  ClientOptions alice;
  alice.bearer_token = "alice";
  ClientOptions bob;
  bob.bearer_token = "bob";
  {
    CardDiscovery d(cache, "http://h:1", alice, 0);
    d.on_response(200, {{"Cache-Control", "max-age=60"}}, "{\"for\":\"alice\"}", 0);
  }
  CHECK(CardDiscovery(cache, "http://h:1", alice, 1).done());  // alice: cached
  CardDiscovery as_bob(cache, "http://h:1", bob, 1);
  CHECK_FALSE(as_bob.done());  // bob: fetched with his own token
  CHECK(as_bob.request().headers.back().value == "Bearer bob");
  CHECK_FALSE(CardDiscovery(cache, "http://h:1", ClientOptions{}, 1).done());  // anonymous: fetched too
  CHECK(CardCache::credentials_digest(ClientOptions{}).empty());
  CHECK(CardCache::credentials_digest(alice) != CardCache::credentials_digest(bob));
  CHECK(CardCache::credentials_digest(alice).find("alice") == std::string::npos);
}
