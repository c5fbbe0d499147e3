#include "ruvector/crypto/base64url.hpp"

#include <array>
#include <cstddef>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::crypto {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::uint8_t kInvalid = 0xFF;

constexpr std::array<std::uint8_t, 256> make_decode_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> kDecode = make_decode_table();

[[noreturn]] void fail(std::string_view what, const std::string& why) {
  throw_error(ErrorCode::kInvalidInput, std::string(what) + " is not unpadded base64url: " + why);
}

std::string describe_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return std::string("'") + c + "'";
  constexpr std::string_view kHex = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4U] + kHex[u & 0xFU];
}

}  // namespace

std::string base64url_encode(Bytes data) {
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16U) | (std::uint32_t{data[i + 1]} << 8U) | data[i + 2];
    out += kAlphabet[(v >> 18U) & 63U];
    out += kAlphabet[(v >> 12U) & 63U];
    out += kAlphabet[(v >> 6U) & 63U];
    out += kAlphabet[v & 63U];
  }
  const std::size_t rest = data.size() - i;
  if (rest == 1) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16U;
    out += kAlphabet[(v >> 18U) & 63U];
    out += kAlphabet[(v >> 12U) & 63U];
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16U) | (std::uint32_t{data[i + 1]} << 8U);
    out += kAlphabet[(v >> 18U) & 63U];
    out += kAlphabet[(v >> 12U) & 63U];
    out += kAlphabet[(v >> 6U) & 63U];
  }
  return out;
}

std::vector<std::uint8_t> base64url_decode(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (kDecode[static_cast<unsigned char>(text[i])] == kInvalid) {
      const std::string hint = text[i] == '='                       ? " (padding is not allowed)"
                               : (text[i] == '+' || text[i] == '/') ? " (standard base64, not base64url)"
                                                                    : "";
      fail(what, describe_char(text[i]) + " at position " + std::to_string(i) + hint);
    }
  }
  if (text.size() % 4 == 1) fail(what, "length " + std::to_string(text.size()) + " leaves a dangling character");

  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  unsigned bits = 0;
  for (const char c : text) {
    acc = (acc << 6U) | kDecode[static_cast<unsigned char>(c)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & 0xFFU));
    }
  }
  // The last character may carry 2 or 4 unused bits; a canonical encoder leaves them zero.
  if ((acc & ((1U << bits) - 1U)) != 0) {
    fail(what, "non-zero unused bits in the last character " + describe_char(text.back()));
  }
  return out;
}

}  // namespace ruvector::crypto
