// Origins (RFC 6454) of http(s) URLs, and the rule deciding where the client's credentials may go.
//
// A card names the JSON-RPC endpoint, so a hostile or tampered card could send the caller's bearer
// token or API key anywhere. The rule: credentials go to the origin the card was fetched from, or to
// an https origin the caller listed; everything else (another host or port, or plain http where the
// card came over https) is refused before a request is built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ruvector::a2a {

// "HTTPS://Example.com/x?y" -> "https://example.com:443": lower-case scheme and host, explicit port,
// user info dropped. TransportError for something that is not an absolute http(s) URL with a host.
std::string url_origin(std::string_view url);

// Checks an entry of ClientOptions::credential_origins: an https origin ("https://host[:port]",
// optionally with a trailing "/"), returned in url_origin's form. InvalidInput naming `what` otherwise.
std::string parse_credential_origin(std::string_view origin, std::string_view what);

// Throws ProtocolError when credentials (`credential_names`, e.g. "bearer token, API key"; empty = none
// are configured, so anything goes) would go to `endpoint_url`, whose origin is neither the one of
// `card_url` nor an https origin in `allowed` (entries in url_origin's form).
void check_credential_target(std::string_view endpoint_url, std::string_view card_url,
                             const std::vector<std::string>& allowed, std::string_view credential_names);

}  // namespace ruvector::a2a
