// wasm simd128 INT8 tile: weights widened to int16 as they load (v128.load8x8_s), two k per word,
// i32x4.dot_i16x8_s sums two products per lane into int32 (exact); 4 x 8 tile over A rows
// interleaved word by word (I8Kernels::interleaved_a), so that every load is one pointer plus a
// constant. Measured in Node 20 (TurboFan, 2.6 GHz EPYC, 384 x 384 x 1536): 34 GMAC/s with
// a[i * lda + w] (a dozen scalar address instructions per word, and a 16-byte load widened in three
// instructions), 38-40 now, near the 41.6 of two i32x4.dot_i16x8_s (pmaddwd) per cycle. A 6 x 8 tile
// (15 of V8's 15 xmm registers) measured 29-32, 4 x 12 (16 registers) 23-24: both spill.
#include <wasm_simd128.h>

#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 4;
constexpr std::size_t kNr = 8;
constexpr std::size_t kGroup = 2;

// a: kMr rows interleaved word by word (a[w * kMr + i]); the first Rows are computed.
template <std::size_t Rows>
void tile_rows(const std::uint32_t* a, const std::int8_t* panel, std::size_t words, std::int32_t* c) {
  v128_t acc[Rows][2];
  for (std::size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = wasm_i32x4_splat(0);
  const std::int8_t* const end = panel + words * kNr * kGroup;
  for (; panel != end; panel += kNr * kGroup, a += kMr) {
    const v128_t b0 = wasm_i16x8_load8x8(panel);      // columns 0..3, two k each
    const v128_t b1 = wasm_i16x8_load8x8(panel + 8);  // columns 4..7
    for (std::size_t i = 0; i < Rows; ++i) {
      const v128_t x = wasm_v128_load32_splat(a + i);  // row i's two u16 codes in every lane
      acc[i][0] = wasm_i32x4_add(acc[i][0], wasm_i32x4_dot_i16x8(x, b0));
      acc[i][1] = wasm_i32x4_add(acc[i][1], wasm_i32x4_dot_i16x8(x, b1));
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    wasm_v128_store(c + i * kNr, acc[i][0]);
    wasm_v128_store(c + i * kNr + 4, acc[i][1]);
  }
}

void tile_simd128(const std::uint32_t* a, std::size_t /*lda: kMr, the interleaved block*/, const std::int8_t* panel,
                  std::size_t words, std::int32_t* c, std::size_t rows) {
  with_rows<kMr>(rows, [&](auto r) { tile_rows<decltype(r)::value>(a, panel, words, c); });
}

void range(const float* x, std::size_t n, float* lo, float* hi) {
  v128_t min = wasm_f32x4_splat(0.0F);
  v128_t max = min;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t v = wasm_v128_load(x + i);
    min = wasm_f32x4_pmin(min, v);
    max = wasm_f32x4_pmax(max, v);
  }
  float lanes[8];
  wasm_v128_store(lanes, min);
  wasm_v128_store(lanes + 4, max);
  *lo = 0;
  *hi = 0;
  range_scalar(lanes, 8, lo, hi);
  range_scalar(x + i, n - i, lo, hi);
}

// The scalar rule quantize_one, four lanes at a time, in the same float operations (bit-identical).
// Vectorised because the scalar loop took a third of the 384 x 384 attention out-projection's time
// in Node (MiniLM INT8, batch 32: out-projection 0.49 -> 0.33 ms/text, FFN up 1.44 -> 1.26).
void quantize_row(const float* x, std::size_t k, float inv_scale, std::int32_t zero, std::uint32_t* words) {
  const v128_t inv = wasm_f32x4_splat(inv_scale);
  const v128_t low = wasm_f32x4_splat(static_cast<float>(-zero));
  const v128_t high = wasm_f32x4_splat(static_cast<float>(255 - zero));
  const v128_t half = wasm_f32x4_splat(0.5F);
  const v128_t minus_half = wasm_f32x4_splat(-0.5F);
  const v128_t zero_point = wasm_i32x4_splat(zero);
  const auto codes = [&](const float* at) {
    const v128_t scaled = wasm_f32x4_pmin(wasm_f32x4_pmax(wasm_f32x4_mul(wasm_v128_load(at), inv), low), high);
    const v128_t nonnegative = wasm_f32x4_ge(scaled, wasm_f32x4_splat(0.0F));
    const v128_t rounded = wasm_f32x4_add(scaled, wasm_v128_bitselect(half, minus_half, nonnegative));
    return wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(rounded), zero_point);
  };
  std::size_t p = 0;
  for (; p + 8 <= k; p += 8) {
    // 8 codes (0..255) -> 8 u16 halves in order: words[p / 2] holds codes p (low half) and p + 1.
    wasm_v128_store(words + p / kGroup, wasm_u16x8_narrow_i32x4(codes(x + p), codes(x + p + 4)));
  }
  quantize_row_scalar(x, k, inv_scale, zero, words, kGroup, p);
}

void dequantize(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero, const float* scales,
                const std::int32_t* weight_sums, const float* bias, float* out) {
  const v128_t sa = wasm_f32x4_splat(a_scale);
  const v128_t za = wasm_i32x4_splat(a_zero);
  std::size_t j = 0;
  for (; j + 4 <= cols; j += 4) {
    const v128_t exact = wasm_i32x4_sub(wasm_v128_load(sums + j), wasm_i32x4_mul(za, wasm_v128_load(weight_sums + j)));
    v128_t value = wasm_f32x4_mul(wasm_f32x4_mul(sa, wasm_v128_load(scales + j)), wasm_f32x4_convert_i32x4(exact));
    if (bias != nullptr) value = wasm_f32x4_add(value, wasm_v128_load(bias + j));
    wasm_v128_store(out + j, value);
  }
  dequantize_scalar(sums, cols, a_scale, a_zero, scales, weight_sums, bias, out, j);
}

}  // namespace

const I8Kernels* simd128_i8_table() noexcept {
  static const I8Kernels table{Isa::kSimd128, kMr,        kNr,     kGroup, tile_simd128, range,
                               quantize_row,  dequantize, nullptr, 1,      true};
  return &table;
}

}  // namespace ruvector::simd::detail
