// Hashing and signature verification for witness checkpoints and A2A Agent Card signatures.
//
// One small interface over two vendored C libraries, compiled from Debian's source packages for
// every target (cmake/crypto_deps.cmake), so native and wasm run the same code:
//  - libsodium 1.0.18: SHA-256 and Ed25519 (RFC 8032; libsodium rejects non-canonical S, encodings
//    of small-order points and non-canonical point encodings, i.e. it is stricter than the RFC
//    about malleable signatures, never laxer),
//  - mbedtls 2.28: ECDSA over P-256 (FIPS 186-4) for JWS "ES256".
//
// The verify functions answer "is this a valid signature by this key": any cryptographic failure
// (wrong key, tampered message, a point not on the curve, r or s out of range) is `false`, never an
// exception. Wrong buffer lengths are caller bugs and throw ruvector::Error (kInvalidInput) naming
// the length.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>

namespace ruvector::crypto {

using Bytes = std::span<const std::uint8_t>;
using Sha256Digest = std::array<std::uint8_t, 32>;

inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;
inline constexpr std::size_t kP256CoordinateBytes = 32;
inline constexpr std::size_t kP256SignatureBytes = 64;  // r || s, big-endian, as JWS ES256 sends it

// The bytes of a string, for hashing or verifying text.
inline Bytes as_bytes(std::string_view text) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Sha256Digest sha256(Bytes data) noexcept;
// SHA-256 of the concatenation of `parts`, without concatenating them. Natively on x86-64 CPUs with
// the SHA extensions this runs sha256_shani.cpp; elsewhere libsodium's portable code, which
// sha256_of_parts_portable always uses (the two are tested against each other).
Sha256Digest sha256_of_parts(std::initializer_list<Bytes> parts) noexcept;
Sha256Digest sha256_of_parts_portable(std::initializer_list<Bytes> parts) noexcept;

inline constexpr std::size_t kEd25519SeedBytes = 32;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureBytes>;

// An Ed25519 signing key: the RFC 8032 32-byte seed (the private key) and the public key it derives.
struct Ed25519KeyPair {
  std::array<std::uint8_t, kEd25519SeedBytes> seed;
  std::array<std::uint8_t, kEd25519PublicKeyBytes> public_key;
};

Ed25519KeyPair ed25519_keypair_from_seed(Bytes seed);
Ed25519KeyPair ed25519_generate_keypair();
Ed25519Signature ed25519_sign(const Ed25519KeyPair& key, Bytes message) noexcept;

// Bytes from the operating system's CSPRNG (getrandom natively, crypto.getRandomValues in wasm).
void random_bytes(std::span<std::uint8_t> out);

// Ed25519 (pure, RFC 8032 section 5.1) verification of `signature` (R || S, 64 bytes) over
// `message` by `public_key` (32 bytes).
bool ed25519_verify(Bytes public_key, Bytes message, Bytes signature);

// ECDSA P-256 with SHA-256 (JWS "ES256", RFC 7518 section 3.4): `x`, `y` are the public point's
// big-endian affine coordinates (32 bytes each), `signature` is r || s (64 bytes, big-endian).
bool p256_ecdsa_sha256_verify(Bytes x, Bytes y, Bytes message, Bytes signature);

}  // namespace ruvector::crypto
