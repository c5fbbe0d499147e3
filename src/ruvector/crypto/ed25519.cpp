#include <crypto_sign_ed25519.h>

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

}  // namespace ruvector::crypto
