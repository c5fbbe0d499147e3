// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, the one of zlib, PNG and gzip), used as the
// checksum of every on-disk format. Slice-by-8 tables; tested against Python's zlib.crc32.
#pragma once

#include <cstdint>
#include <span>

namespace ruvector {

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0) noexcept;

}  // namespace ruvector
