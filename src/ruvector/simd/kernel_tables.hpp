// Private to simd/: the per-ISA kernel tables. A table is null when this build lacks that ISA.
#pragma once

#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd::detail {

const Kernels& scalar_table() noexcept;
const Kernels* avx2_table() noexcept;
// `vpopcntdq` picks the AVX-512 VPOPCNTDQ Hamming kernel; otherwise the table reuses 64-bit popcnt.
const Kernels* avx512_table(bool vpopcntdq) noexcept;
const Kernels* simd128_table() noexcept;

// Portable helpers shared by kernels that finish a vector loop with a scalar tail.
inline std::uint64_t hamming_tail(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) noexcept {
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < bytes; ++i) bits += static_cast<std::uint64_t>(__builtin_popcount(a[i] ^ b[i]));
  return bits;
}

// The scalar FastScan of one block, shared as the reference and as the tail of wider kernels.
inline void fastscan_block_scalar(const std::uint8_t* block, const std::uint8_t* lut, std::size_t groups,
                                  std::uint16_t* out) noexcept {
  for (std::size_t v = 0; v < kFastScanBlock; ++v) out[v] = 0;
  for (std::size_t g = 0; g < groups; ++g) {
    const std::uint8_t* bytes = block + g * 16;
    const std::uint8_t* table = lut + g * 16;
    for (std::size_t j = 0; j < 16; ++j) {
      out[j] = static_cast<std::uint16_t>(out[j] + table[bytes[j] & 0x0FU]);
      out[j + 16] = static_cast<std::uint16_t>(out[j + 16] + table[bytes[j] >> 4U]);
    }
  }
}

}  // namespace ruvector::simd::detail
