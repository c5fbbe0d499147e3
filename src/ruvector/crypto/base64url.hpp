// base64url (RFC 4648 section 5) without padding, as JOSE uses it (RFC 7515 section 2).
//
// Decoding is strict, so one signature has one encoding: '=' padding, whitespace, characters
// outside [A-Za-z0-9_-], a length of 4k+1 and non-zero unused trailing bits are all rejected with
// ruvector::Error (kInvalidInput) naming `what`, the offending character and its position.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::crypto {

std::string base64url_encode(Bytes data);

std::vector<std::uint8_t> base64url_decode(std::string_view text, std::string_view what = "base64url text");

}  // namespace ruvector::crypto
