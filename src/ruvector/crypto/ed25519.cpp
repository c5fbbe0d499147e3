#include <crypto_sign_ed25519.h>
#include <randombytes.h>

#include <algorithm>
#include <array>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/crypto/crypto.hpp"
#include "ruvector/crypto/length_check.hpp"

namespace ruvector::crypto {

bool ed25519_verify(Bytes public_key, Bytes message, Bytes signature) {
  static_assert(crypto_sign_ed25519_PUBLICKEYBYTES == kEd25519PublicKeyBytes);
  static_assert(crypto_sign_ed25519_BYTES == kEd25519SignatureBytes);
  detail::require_length("Ed25519 public key", public_key, kEd25519PublicKeyBytes);
  detail::require_length("Ed25519 signature", signature, kEd25519SignatureBytes);
  return crypto_sign_ed25519_verify_detached(signature.data(), message.data(), message.size(), public_key.data()) == 0;
}

Ed25519KeyPair ed25519_keypair_from_seed(Bytes seed) {
  detail::require_length("Ed25519 seed", seed, kEd25519SeedBytes);
  Ed25519KeyPair key{};
  std::array<std::uint8_t, crypto_sign_ed25519_SECRETKEYBYTES> secret{};
  crypto_sign_ed25519_seed_keypair(key.public_key.data(), secret.data(), seed.data());
  std::copy(seed.begin(), seed.end(), key.seed.begin());
  std::fill(secret.begin(), secret.end(), std::uint8_t{0});
  return key;
}

Ed25519KeyPair ed25519_generate_keypair() {
  std::array<std::uint8_t, kEd25519SeedBytes> seed{};
  random_bytes(seed);
  Ed25519KeyPair key = ed25519_keypair_from_seed(seed);
  std::fill(seed.begin(), seed.end(), std::uint8_t{0});
  return key;
}

Ed25519Signature ed25519_sign(const Ed25519KeyPair& key, Bytes message) noexcept {
  // libsodium's secret key is seed || public key.
  std::array<std::uint8_t, crypto_sign_ed25519_SECRETKEYBYTES> secret{};
  std::copy(key.seed.begin(), key.seed.end(), secret.begin());
  std::copy(key.public_key.begin(), key.public_key.end(), secret.begin() + kEd25519SeedBytes);
  Ed25519Signature signature{};
  crypto_sign_ed25519_detached(signature.data(), nullptr, message.data(), message.size(), secret.data());
  std::fill(secret.begin(), secret.end(), std::uint8_t{0});
  return signature;
}

void random_bytes(std::span<std::uint8_t> out) {
  randombytes_buf(out.data(), out.size());
}

}  // namespace ruvector::crypto
