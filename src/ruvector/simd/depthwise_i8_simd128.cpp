// wasm simd128 depthwise INT8: 8 channels per step, (x - zero) * w exact in int16, widened.
#include <wasm_simd128.h>

#include <algorithm>

#include "ruvector/simd/depthwise_i8.hpp"

namespace ruvector::simd::detail {

namespace {

void window_simd128(const std::uint8_t* const* x, const std::int8_t* const* w, std::size_t taps, std::int32_t zero,
                    std::int32_t* acc, std::size_t n) {
  const v128_t z = wasm_i16x8_splat(static_cast<std::int16_t>(zero));
  std::size_t c = 0;
  for (; c + 8 <= n; c += 8) {
    v128_t lo = wasm_i32x4_splat(0);
    v128_t hi = wasm_i32x4_splat(0);
    for (std::size_t t = 0; t < taps; ++t) {
      const v128_t xs = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(wasm_v128_load64_zero(x[t] + c)), z);
      const v128_t ws = wasm_i16x8_extend_low_i8x16(wasm_v128_load64_zero(w[t] + c));
      const v128_t p = wasm_i16x8_mul(xs, ws);
      lo = wasm_i32x4_add(lo, wasm_i32x4_extend_low_i16x8(p));
      hi = wasm_i32x4_add(hi, wasm_i32x4_extend_high_i16x8(p));
    }
    wasm_v128_store(acc + c, lo);
    wasm_v128_store(acc + c + 4, hi);
  }
  if (c == n) return;
  std::fill(acc + c, acc + n, 0);
  for (std::size_t t = 0; t < taps; ++t) depthwise_accumulate_scalar(x[t] + c, w[t] + c, zero, acc + c, n - c);
}

}  // namespace

const DepthwiseI8Kernels* simd128_depthwise_i8_table() noexcept {
  static const DepthwiseI8Kernels table{Isa::kSimd128, window_simd128};
  return &table;
}

}  // namespace ruvector::simd::detail
