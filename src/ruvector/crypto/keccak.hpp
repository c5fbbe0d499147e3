// Keccak-f[1600] sponge (FIPS 202): SHAKE-256 and SHA3-256. libsodium has no SHA-3, and the
// upstream bundle witness is SHAKE-256, so this is the one implementation every target uses.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::crypto {

// An incremental sponge with the 1088-bit rate shared by SHAKE-256 and SHA3-256. Absorb any number
// of times, then squeeze any number of times; absorbing after the first squeeze is a caller bug
// (throws InvalidInput).
class Keccak1088Sponge {
 public:
  explicit Keccak1088Sponge(std::uint8_t domain_suffix) noexcept : domain_suffix_(domain_suffix) {}
  void absorb(Bytes data);
  void squeeze(std::span<std::uint8_t> out) noexcept;

 private:
  void pad_once() noexcept;

  std::array<std::uint64_t, 25> state_{};
  std::size_t offset_ = 0;  // byte position inside the current rate block
  std::uint8_t domain_suffix_;
  bool squeezing_ = false;
};

// SHAKE-256 extendable-output function.
class Shake256 : public Keccak1088Sponge {
 public:
  Shake256() noexcept : Keccak1088Sponge(0x1F) {}
};

using Sha3_256Digest = std::array<std::uint8_t, 32>;

void shake256(Bytes data, std::span<std::uint8_t> out) noexcept;
Sha3_256Digest sha3_256(Bytes data) noexcept;

// Keccak-f[1600] on 25 little-endian lanes; exposed for the known-answer test of the permutation.
void keccak_f1600(std::array<std::uint64_t, 25>& a) noexcept;

}  // namespace ruvector::crypto
