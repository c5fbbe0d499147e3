#include "ruvector/witness/hex.hpp"

#include "ruvector/core/error.hpp"

namespace ruvector::witness {
namespace {

constexpr unsigned kNotHex = 16;

unsigned nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
  if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
  return kNotHex;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t b : bytes) {
    out += kDigits[b >> 4U];
    out += kDigits[b & 0xFU];
  }
  return out;
}

std::vector<std::uint8_t> from_hex(std::string_view text, std::string_view what) {
  if (text.size() % 2 != 0) {
    throw_error(ErrorCode::kInvalidInput,
                std::string(what) + " must have an even number of hex digits, got " + std::to_string(text.size()));
  }
  std::vector<std::uint8_t> out(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned v = nibble(text[i]);
    if (v == kNotHex) {
      throw_error(ErrorCode::kInvalidInput,
                  std::string(what) + " has a non-hex character at position " + std::to_string(i));
    }
    out[i / 2] = static_cast<std::uint8_t>(out[i / 2] | (i % 2 == 0 ? v << 4U : v));
  }
  return out;
}

}  // namespace ruvector::witness
