#include "ruvector/simd/requantize_u8.hpp"

#include <algorithm>
#include <limits>

namespace ruvector::simd {

void detail::requantize_u8_scalar(const std::int32_t* acc, std::size_t n, const RequantizeU8& q, std::uint8_t* out) {
  constexpr std::int64_t kMin = std::numeric_limits<std::int32_t>::min();
  constexpr std::int64_t kMax = std::numeric_limits<std::int32_t>::max();
  for (std::size_t c = 0; c < n; ++c) {
    const std::int64_t sum = std::clamp<std::int64_t>(std::int64_t{acc[c]} + q.bias[c], kMin, kMax);
    const std::int64_t value = std::clamp(rounding_shift(sum * q.m0[c], q.shift[c]), kMin, kMax);
    out[c] = static_cast<std::uint8_t>(std::clamp<std::int64_t>(value + q.zero, q.lo, q.hi));
  }
}

namespace {

const RequantizeU8Kernels* table_for(Isa isa) noexcept {
  static const RequantizeU8Kernels scalar{Isa::kScalar, detail::requantize_u8_scalar};
  switch (isa) {
    case Isa::kScalar: return &scalar;
#if defined(RUVECTOR_HAVE_AVX2)
    case Isa::kAvx2: return detail::avx2_requantize_u8_table();
#endif
#if defined(RUVECTOR_HAVE_AVX512)
    case Isa::kAvx512: return detail::avx512_requantize_u8_table();
#endif
#if defined(RUVECTOR_HAVE_SIMD128)
    case Isa::kSimd128: return &scalar;
#endif
    default: return nullptr;
  }
}

}  // namespace

const RequantizeU8Kernels& requantize_u8_kernels_for(Isa isa) {
  return available_table(isa, table_for(isa));
}

const RequantizeU8Kernels& active_requantize_u8_kernels() {
  static const RequantizeU8Kernels& active = requantize_u8_kernels_for(active_kernels().isa);
  return active;
}

}  // namespace ruvector::simd
