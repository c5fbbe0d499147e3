// wasm simd128 depthwise INT8 tap: 8 channels per step, (x - zero) * w exact in int16, widened.
#include <wasm_simd128.h>

#include "ruvector/simd/depthwise_i8.hpp"

namespace ruvector::simd::detail {

namespace {

void accumulate_simd128(const std::uint8_t* x, const std::int8_t* w, std::int32_t zero, std::int32_t* acc,
                        std::size_t n) {
  const v128_t z = wasm_i16x8_splat(static_cast<std::int16_t>(zero));
  std::size_t c = 0;
  for (; c + 8 <= n; c += 8) {
    const v128_t xs = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(wasm_v128_load64_zero(x + c)), z);
    const v128_t ws = wasm_i16x8_extend_low_i8x16(wasm_v128_load64_zero(w + c));
    const v128_t p = wasm_i16x8_mul(xs, ws);
    wasm_v128_store(acc + c, wasm_i32x4_add(wasm_v128_load(acc + c), wasm_i32x4_extend_low_i16x8(p)));
    wasm_v128_store(acc + c + 4, wasm_i32x4_add(wasm_v128_load(acc + c + 4), wasm_i32x4_extend_high_i16x8(p)));
  }
  depthwise_accumulate_scalar(x + c, w + c, zero, acc + c, n - c);
}

}  // namespace

const DepthwiseI8Kernels* simd128_depthwise_i8_table() noexcept {
  static const DepthwiseI8Kernels table{Isa::kSimd128, accumulate_simd128};
  return &table;
}

}  // namespace ruvector::simd::detail
