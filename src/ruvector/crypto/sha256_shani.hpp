// SHA-256 with the x86 SHA extensions (native x86-64 builds only; see sha256_shani.cpp).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ruvector::crypto::detail {

bool sha256_shani_available() noexcept;

// FIPS 180-4 compression of `blocks` 64-byte blocks into `state` (eight words, a..h).
void sha256_shani_blocks(std::uint32_t state[8], const std::uint8_t* data, std::size_t blocks) noexcept;

}  // namespace ruvector::crypto::detail
