#include <crypto_hash_sha256.h>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::crypto {

Sha256Digest sha256(Bytes data) noexcept {
  static_assert(crypto_hash_sha256_BYTES == std::tuple_size_v<Sha256Digest>);
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Sha256Digest sha256_of_parts(std::initializer_list<Bytes> parts) noexcept {
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (const Bytes part : parts) crypto_hash_sha256_update(&state, part.data(), part.size());
  Sha256Digest out{};
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

}  // namespace ruvector::crypto
