// base64url (RFC 4648 section 5) without padding, as JOSE uses it (RFC 7515 section 2), and
// standard padded base64 (RFC 4648 section 4), as signed notes and checkpoints use it.
//
// Decoding is strict, so one signature has one encoding: '=' padding, whitespace, characters
// outside the alphabet, a length of 4k+1 (or, padded, not 4k) and non-zero unused trailing bits are all rejected with
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

// Standard alphabet with '=' padding to a multiple of 4 (the unpadded form is refused).
std::string base64_encode(Bytes data);

std::vector<std::uint8_t> base64_decode(std::string_view text, std::string_view what = "base64 text");

}  // namespace ruvector::crypto
