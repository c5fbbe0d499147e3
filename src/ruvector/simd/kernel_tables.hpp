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

}  // namespace ruvector::simd::detail
