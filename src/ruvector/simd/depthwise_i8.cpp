#include "ruvector/simd/depthwise_i8.hpp"

#include <algorithm>

namespace ruvector::simd {

void detail::depthwise_accumulate_scalar(const std::uint8_t* x, const std::int8_t* w, std::int32_t zero,
                                         std::int32_t* acc, std::size_t n) {
  for (std::size_t c = 0; c < n; ++c) acc[c] += (static_cast<std::int32_t>(x[c]) - zero) * w[c];
}

void detail::depthwise_window_scalar(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps,
                                     std::int32_t zero, std::int32_t* acc, std::size_t n) {
  std::fill(acc, acc + n, 0);
  for (std::size_t t = 0; t < taps; ++t) depthwise_accumulate_scalar(x[t], w[t], zero, acc, n);
}

namespace {

const DepthwiseI8Kernels* table_for(Isa isa) noexcept {
  static const DepthwiseI8Kernels scalar{Isa::kScalar, detail::depthwise_window_scalar};
  switch (isa) {
    case Isa::kScalar: return &scalar;
#if defined(RUVECTOR_HAVE_AVX2)
    case Isa::kAvx2: return detail::avx2_depthwise_i8_table();
#endif
#if defined(RUVECTOR_HAVE_AVX512)
    case Isa::kAvx512: return detail::avx512_depthwise_i8_table();
#endif
#if defined(RUVECTOR_HAVE_SIMD128)
    case Isa::kSimd128: return detail::simd128_depthwise_i8_table();
#endif
    default: return nullptr;
  }
}

}  // namespace

const DepthwiseI8Kernels& depthwise_i8_kernels_for(Isa isa) {
  return available_table(isa, table_for(isa));
}

const DepthwiseI8Kernels& active_depthwise_i8_kernels() {
  static const DepthwiseI8Kernels& active = depthwise_i8_kernels_for(active_kernels().isa);
  return active;
}

}  // namespace ruvector::simd
