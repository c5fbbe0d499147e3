// wasm simd128 GEMM / exp / GELU: 4 x 8 register tile; no FMA in simd128 (multiply, then add).
// The tile reads A rows interleaved (MlKernels::interleaved_a): a[p * 4 + i], one pointer plus a
// constant per load (v128.load32_splat), instead of a[i * lda + p]; same products, same order of
// sums, so the same bits.
// V8 (x64) allocates 15 of the 16 xmm registers (xmm15 is its scratch): a 6 x 8 tile needs all 15
// (12 accumulators, 2 B vectors, 1 broadcast) and spills; 4 x 8 (or 3 x 8) does not. Measured in
// Node 20, k = 256: 6 x 8 13 GMAC/s, 4 x 8 16-17.5, 3 x 8 17.5, 2 x 16 16-17, 4 x 16 13.
#include <wasm_simd128.h>

#include <cstdint>
#include <cstring>

#include "ruvector/simd/gemm_i8_tables.hpp"  // with_rows
#include "ruvector/simd/gemm_vector_impl.hpp"

namespace ruvector::simd::detail {

namespace {

struct Simd128 {
  using reg = v128_t;
  static constexpr Isa kIsa = Isa::kSimd128;
  static constexpr std::size_t kWidth = 4;
  static reg zero() { return wasm_f32x4_splat(0.0F); }
  static reg set1(float x) { return wasm_f32x4_splat(x); }
  static reg load(const float* p) { return wasm_v128_load(p); }
  static void store(float* p, reg v) { wasm_v128_store(p, v); }
  static reg load_partial(const float* p, std::size_t count) {
    float lanes[4] = {};
    std::memcpy(lanes, p, count * sizeof(float));
    return wasm_v128_load(lanes);
  }
  static void store_partial(float* p, std::size_t count, reg v) {
    float lanes[4];
    wasm_v128_store(lanes, v);
    std::memcpy(p, lanes, count * sizeof(float));
  }
  static reg add(reg a, reg b) { return wasm_f32x4_add(a, b); }
  static reg sub(reg a, reg b) { return wasm_f32x4_sub(a, b); }
  static reg mul(reg a, reg b) { return wasm_f32x4_mul(a, b); }
  static reg div(reg a, reg b) { return wasm_f32x4_div(a, b); }
  static reg fmadd(reg a, reg b, reg c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
  static reg min(reg a, reg b) { return wasm_f32x4_pmin(a, b); }
  static reg max(reg a, reg b) { return wasm_f32x4_pmax(a, b); }
  static reg round(reg a) { return wasm_f32x4_nearest(a); }
  static reg abs(reg a) { return wasm_f32x4_abs(a); }
  static reg copy_sign(reg magnitude, reg sign_of) {
    return wasm_v128_or(magnitude, wasm_v128_and(sign_of, wasm_i32x4_splat(INT32_MIN)));
  }
  static reg pow2(reg n) {
    return wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  }
};

constexpr std::size_t kMr = 4;
constexpr std::size_t kNrVecs = 2;
constexpr std::size_t kNr = kNrVecs * 4;

// a: kMr rows interleaved (a[p * kMr + i]); the first Rows rows and `cols` columns are added to c.
template <std::size_t Rows>
void tile_rows(const float* a, const float* panel, std::size_t kc, float* c, std::size_t ldc, std::size_t cols) {
  v128_t acc[Rows][kNrVecs];
  for (std::size_t i = 0; i < Rows; ++i) acc[i][0] = acc[i][1] = wasm_f32x4_splat(0.0F);
  const float* const end = panel + kc * kNr;
  for (; panel != end; panel += kNr, a += kMr) {
    const v128_t b0 = wasm_v128_load(panel);
    const v128_t b1 = wasm_v128_load(panel + 4);
    for (std::size_t i = 0; i < Rows; ++i) {
      const v128_t x = wasm_v128_load32_splat(a + i);
      acc[i][0] = wasm_f32x4_add(wasm_f32x4_mul(x, b0), acc[i][0]);
      acc[i][1] = wasm_f32x4_add(wasm_f32x4_mul(x, b1), acc[i][1]);
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    float* row = c + i * ldc;
    for (std::size_t v = 0; v < kNrVecs; ++v) {
      const std::size_t begin = v * 4;
      if (begin >= cols) break;
      const std::size_t count = cols - begin;
      if (count >= 4) {
        Simd128::store(row + begin, Simd128::add(Simd128::load(row + begin), acc[i][v]));
      } else {
        Simd128::store_partial(row + begin, count, Simd128::add(Simd128::load_partial(row + begin, count), acc[i][v]));
      }
    }
  }
}

void tile_interleaved(const float* a, std::size_t /*lda: kMr, the interleaved block*/, const float* panel,
                      std::size_t kc, float* c, std::size_t ldc, std::size_t rows, std::size_t cols) {
  with_rows<kMr>(rows, [&](auto r) { tile_rows<decltype(r)::value>(a, panel, kc, c, ldc, cols); });
}

MlKernels make_table() {
  MlKernels table = make_ml_table<Simd128, kMr, kNrVecs>();
  table.tile = tile_interleaved;
  table.interleaved_a = true;
  return table;
}

}  // namespace

const MlKernels* simd128_ml_table() noexcept {
  static const MlKernels table = make_table();
  return &table;
}

}  // namespace ruvector::simd::detail
