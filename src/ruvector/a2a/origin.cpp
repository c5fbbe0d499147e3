#include "ruvector/a2a/origin.hpp"

#include <algorithm>

#include "ruvector/core/ascii.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a {

namespace {

std::string shown(std::string_view url) {
  constexpr std::size_t kMax = 200;
  return std::string(url.substr(0, kMax)) + (url.size() > kMax ? "..." : "");
}

[[noreturn]] void not_http(std::string_view url, std::string_view why) {
  throw_error(ErrorCode::kTransportError, "\"" + shown(url) + "\" is not an http(s) URL: " + std::string(why));
}

}  // namespace

std::string url_origin(std::string_view url) {
  const std::size_t colon = url.find("://");
  if (colon == std::string_view::npos) not_http(url, "no scheme");
  const std::string scheme = ascii_lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") not_http(url, "scheme " + scheme);
  std::string_view authority = url.substr(colon + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {  // IPv6 literal
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) not_http(url, "unclosed IPv6 literal");
    host = authority.substr(0, close + 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') not_http(url, "junk after the IPv6 literal");
      port = rest.substr(1);
    }
  } else if (const std::size_t c = authority.rfind(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
  }
  if (host.empty()) not_http(url, "no host");
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) || port.size() > 5) {
    not_http(url, "bad port \"" + shown(port) + "\"");
  }
  std::string port_text(port);
  while (port_text.size() > 1 && port_text.front() == '0') port_text.erase(0, 1);
  if (port_text.empty()) port_text = scheme == "https" ? "443" : "80";
  return scheme + "://" + ascii_lower(host) + ":" + port_text;
}

std::string parse_credential_origin(std::string_view origin, std::string_view what) {
  const auto bad = [&](std::string_view why) {
    throw_error(ErrorCode::kInvalidInput, std::string(what) + " must be an https origin (https://host[:port]), got \"" +
                                              shown(origin) + "\": " + std::string(why));
  };
  std::string_view trimmed = origin;
  if (trimmed.ends_with('/')) trimmed.remove_suffix(1);
  const std::size_t colon = trimmed.find("://");
  if (colon == std::string_view::npos || ascii_lower(trimmed.substr(0, colon)) != "https") bad("not https");
  if (trimmed.find_first_of("/?#@", colon + 3) != std::string_view::npos) bad("an origin has no path or user info");
  try {
    return url_origin(trimmed);
  } catch (const Error& e) {
    bad(e.what());
  }
  return {};  // unreachable: bad() throws
}

void check_credential_target(std::string_view endpoint_url, std::string_view card_url,
                             const std::vector<std::string>& allowed, std::string_view credential_names) {
  if (credential_names.empty()) return;
  const std::string endpoint = url_origin(endpoint_url);
  const std::string card = url_origin(card_url);
  if (endpoint == card) return;
  const bool https = endpoint.starts_with("https://");
  if (https && std::find(allowed.begin(), allowed.end(), endpoint) != allowed.end()) return;
  std::string message = "not sending credentials (" + std::string(credential_names) + ") to the card's endpoint " +
                        shown(endpoint_url) + ": its origin " + endpoint + " is not the origin the card came from (" +
                        card + ")";
  message += https ? " nor an allowed credential origin"
                   : " and it is plain http (only https origins can be allowed as credential origins)";
  throw_error(ErrorCode::kProtocolError, message);
}

}  // namespace ruvector::a2a
