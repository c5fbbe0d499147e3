#include <crypto_hash_sha256.h>

#include <array>
#include <cstring>

#include "ruvector/crypto/crypto.hpp"
#if defined(RUVECTOR_HAVE_SHANI)
#include "ruvector/crypto/sha256_shani.hpp"
#endif

namespace ruvector::crypto {
namespace {

#if defined(RUVECTOR_HAVE_SHANI)
// SHA-256 (FIPS 180-4 padding and state) over the SHA-NI block function.
class Sha256ShaNi {
 public:
  void update(Bytes data) noexcept {
    if (data.empty()) return;  // an empty span may hold nullptr, which memcpy must never get
    const std::uint8_t* p = data.data();
    std::size_t n = data.size();
    total_ += n;
    if (buffered_ > 0) {
      const std::size_t take = std::min(n, buffer_.size() - buffered_);
      std::memcpy(buffer_.data() + buffered_, p, take);
      buffered_ += take;
      p += take;
      n -= take;
      if (buffered_ < buffer_.size()) return;
      detail::sha256_shani_blocks(state_.data(), buffer_.data(), 1);
      buffered_ = 0;
    }
    if (n >= 64) {
      detail::sha256_shani_blocks(state_.data(), p, n / 64);
      p += n / 64 * 64;
      n %= 64;
    }
    std::memcpy(buffer_.data(), p, n);
    buffered_ = n;
  }

  Sha256Digest finish() noexcept {
    const std::uint64_t bits = total_ * 8;
    const std::uint8_t one = 0x80;
    update(Bytes(&one, 1));
    const std::array<std::uint8_t, 64> zeros{};
    update(Bytes(zeros.data(), (buffered_ <= 56 ? 56 : 120) - buffered_));
    std::array<std::uint8_t, 8> length{};
    for (unsigned i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(bits >> (56U - 8U * i));
    update(length);
    Sha256Digest out{};
    for (unsigned i = 0; i < 8; ++i) {
      for (unsigned j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(state_[i] >> (24U - 8U * j));
    }
    return out;
  }

 private:
  std::array<std::uint32_t, 8> state_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t total_ = 0;
};

const bool kShaNi = detail::sha256_shani_available();
#endif

}  // namespace

Sha256Digest sha256(Bytes data) noexcept {
  return sha256_of_parts({data});
}

Sha256Digest sha256_of_parts(std::initializer_list<Bytes> parts) noexcept {
#if defined(RUVECTOR_HAVE_SHANI)
  if (kShaNi) {
    Sha256ShaNi h;
    for (const Bytes part : parts) h.update(part);
    return h.finish();
  }
#endif
  return sha256_of_parts_portable(parts);
}

Sha256Digest sha256_of_parts_portable(std::initializer_list<Bytes> parts) noexcept {
  static_assert(crypto_hash_sha256_BYTES == std::tuple_size_v<Sha256Digest>);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  for (const Bytes part : parts) crypto_hash_sha256_update(&state, part.data(), part.size());
  Sha256Digest out{};
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

}  // namespace ruvector::crypto
