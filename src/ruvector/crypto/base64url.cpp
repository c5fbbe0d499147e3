#include "ruvector/crypto/base64url.hpp"

#include <array>
#include <cstddef>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::crypto {
namespace {

constexpr std::uint8_t kInvalid = 0xFF;

// One of the two RFC 4648 alphabets and whether the encoding pads to a multiple of 4.
struct Variant {
  std::string_view alphabet;
  bool padded;
  std::string_view description;  // for error messages
};
constexpr Variant kUrl{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false, "unpadded base64url"};
constexpr Variant kStandard{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true,
                            "padded standard base64"};

constexpr std::array<std::uint8_t, 256> make_decode_table(std::string_view alphabet) {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kInvalid;
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> kUrlDecode = make_decode_table(kUrl.alphabet);
constexpr std::array<std::uint8_t, 256> kStandardDecode = make_decode_table(kStandard.alphabet);

[[noreturn]] void fail(const Variant& variant, std::string_view what, const std::string& why) {
  throw_error(ErrorCode::kInvalidInput, std::string(what) + " is not " + std::string(variant.description) + ": " + why);
}

std::string describe_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return std::string("'") + c + "'";
  constexpr std::string_view kHex = "0123456789abcdef";
  return std::string("byte 0x") + kHex[u >> 4U] + kHex[u & 0xFU];
}

std::string encode(const Variant& variant, Bytes data) {
  const std::string_view kAlphabet = variant.alphabet;
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
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
    if (variant.padded) out += "==";
  } else if (rest == 2) {
    const std::uint32_t v = (std::uint32_t{data[i]} << 16U) | (std::uint32_t{data[i + 1]} << 8U);
    out += kAlphabet[(v >> 18U) & 63U];
    out += kAlphabet[(v >> 12U) & 63U];
    out += kAlphabet[(v >> 6U) & 63U];
    if (variant.padded) out += '=';
  }
  return out;
}

// Why a character outside the alphabet is likely there: the other variant, or misplaced padding.
std::string_view invalid_char_hint(const Variant& variant, char c) {
  if (variant.padded) {
    if (c == '-' || c == '_') return " (base64url, not standard base64)";
    if (c == '=') return " (misplaced padding)";
  } else {
    if (c == '=') return " (padding is not allowed)";
    if (c == '+' || c == '/') return " (standard base64, not base64url)";
  }
  return "";
}

// The text without its padding, after checking the length a padded variant needs.
std::string_view strip_padding(const Variant& variant, std::string_view text, std::string_view what) {
  if (!variant.padded) return text;
  if (text.size() % 4 != 0) fail(variant, what, "length " + std::to_string(text.size()) + " is not a multiple of 4");
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  text.remove_suffix(pad);
  return text;
}

void check_alphabet(const Variant& variant, const std::array<std::uint8_t, 256>& kDecode, std::string_view text,
                    std::string_view what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (kDecode[static_cast<unsigned char>(text[i])] == kInvalid) {
      fail(variant, what,
           describe_char(text[i]) + " at position " + std::to_string(i) +
               std::string(invalid_char_hint(variant, text[i])));
    }
  }
  if (text.size() % 4 == 1)
    fail(variant, what, "length " + std::to_string(text.size()) + " leaves a dangling character");
}

std::vector<std::uint8_t> decode(const Variant& variant, const std::array<std::uint8_t, 256>& kDecode,
                                 std::string_view text, std::string_view what) {
  text = strip_padding(variant, text, what);
  check_alphabet(variant, kDecode, text, what);
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
    fail(variant, what, "non-zero unused bits in the last character " + describe_char(text.back()));
  }
  return out;
}

}  // namespace

std::string base64url_encode(Bytes data) {
  return encode(kUrl, data);
}

std::vector<std::uint8_t> base64url_decode(std::string_view text, std::string_view what) {
  return decode(kUrl, kUrlDecode, text, what);
}

std::string base64_encode(Bytes data) {
  return encode(kStandard, data);
}

std::vector<std::uint8_t> base64_decode(std::string_view text, std::string_view what) {
  return decode(kStandard, kStandardDecode, text, what);
}

}  // namespace ruvector::crypto
