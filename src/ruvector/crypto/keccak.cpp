#include "ruvector/crypto/keccak.hpp"

#include <cstring>

#include "ruvector/core/error.hpp"

namespace ruvector::crypto {
namespace {

constexpr std::size_t kRateBytes = 136;  // (1600 - 2 * 256) / 8: SHAKE-256 and SHA3-256

constexpr std::array<std::uint64_t, 24> kRoundConstants = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL, 0x000000000000808bULL,
    0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL, 0x0000000000000088ULL,
    0x0000000080008009ULL, 0x000000008000000aULL, 0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// rho offsets r[x][y], indexed by lane x + 5y.
constexpr std::array<unsigned, 25> kRho = {0,  1,  62, 28, 27, 36, 44, 6,  55, 20, 3,  10, 43,
                                           25, 39, 41, 45, 15, 21, 8,  18, 2,  61, 56, 14};

constexpr std::uint64_t rotl(std::uint64_t v, unsigned n) noexcept {
  return n == 0 ? v : (v << n) | (v >> (64 - n));
}

}  // namespace

void keccak_f1600(std::array<std::uint64_t, 25>& a) noexcept {
  std::array<std::uint64_t, 25> b{};
  std::array<std::uint64_t, 5> c{};
  for (const std::uint64_t rc : kRoundConstants) {
    // theta
    for (int x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (int x = 0; x < 5; ++x) {
      const std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
    }
    // rho and pi: lane (x, y) moves to (y, 2x + 3y)
    for (int x = 0; x < 5; ++x) {
      for (int y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], kRho[x + 5 * y]);
    }
    // chi
    for (int y = 0; y < 25; y += 5) {
      for (int x = 0; x < 5; ++x) a[x + y] = b[x + y] ^ (~b[(x + 1) % 5 + y] & b[(x + 2) % 5 + y]);
    }
    // iota
    a[0] ^= rc;
  }
}

namespace {

// Lanes are little-endian (FIPS 202 B.1); both targets are little-endian, so byte i of the state
// is byte i % 8 of lane i / 8 in memory.
inline std::uint8_t* state_bytes(std::array<std::uint64_t, 25>& s) noexcept {
  return reinterpret_cast<std::uint8_t*>(s.data());
}

}  // namespace

void Keccak1088Sponge::absorb(Bytes data) {
  if (squeezing_) throw_error(ErrorCode::kInvalidInput, "Keccak sponge: absorb after squeeze");
  std::uint8_t* s = state_bytes(state_);
  const std::uint8_t* p = data.data();
  std::size_t n = data.size();
  while (n > 0) {
    if (offset_ == 0 && n >= kRateBytes) {
      // Whole blocks: XOR lane by lane (memcpy keeps unaligned input well-defined).
      for (std::size_t i = 0; i < kRateBytes / 8; ++i) {
        std::uint64_t lane = 0;
        std::memcpy(&lane, p + 8 * i, 8);
        state_[i] ^= lane;
      }
      keccak_f1600(state_);
      p += kRateBytes;
      n -= kRateBytes;
      continue;
    }
    const std::size_t take = n < kRateBytes - offset_ ? n : kRateBytes - offset_;
    for (std::size_t i = 0; i < take; ++i) s[offset_ + i] ^= p[i];
    offset_ += take;
    p += take;
    n -= take;
    if (offset_ == kRateBytes) {
      keccak_f1600(state_);
      offset_ = 0;
    }
  }
}

void Keccak1088Sponge::pad_once() noexcept {
  std::uint8_t* s = state_bytes(state_);
  s[offset_] ^= domain_suffix_;
  s[kRateBytes - 1] = static_cast<std::uint8_t>(s[kRateBytes - 1] ^ 0x80U);
  keccak_f1600(state_);
  offset_ = 0;
  squeezing_ = true;
}

void Keccak1088Sponge::squeeze(std::span<std::uint8_t> out) noexcept {
  if (!squeezing_) pad_once();
  const std::uint8_t* s = state_bytes(state_);
  std::size_t written = 0;
  while (written < out.size()) {
    if (offset_ == kRateBytes) {
      keccak_f1600(state_);
      offset_ = 0;
    }
    const std::size_t take = out.size() - written < kRateBytes - offset_ ? out.size() - written : kRateBytes - offset_;
    std::memcpy(out.data() + written, s + offset_, take);
    offset_ += take;
    written += take;
  }
}

void shake256(Bytes data, std::span<std::uint8_t> out) noexcept {
  Shake256 sponge;
  sponge.absorb(data);  // cannot throw: nothing was squeezed yet
  sponge.squeeze(out);
}

Sha3_256Digest sha3_256(Bytes data) noexcept {
  Keccak1088Sponge sponge(0x06);
  sponge.absorb(data);
  Sha3_256Digest out{};
  sponge.squeeze(out);
  return out;
}

}  // namespace ruvector::crypto
