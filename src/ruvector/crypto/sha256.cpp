#include <crypto_hash_sha256.h>

#include "ruvector/crypto/crypto.hpp"

namespace ruvector::crypto {

Sha256Digest sha256(Bytes data) noexcept {
  static_assert(crypto_hash_sha256_BYTES == std::tuple_size_v<Sha256Digest>);
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

}  // namespace ruvector::crypto
