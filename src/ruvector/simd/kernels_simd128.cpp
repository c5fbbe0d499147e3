// wasm SIMD (simd128) kernels; the wasm build compiles everything with -msimd128.
#include <wasm_simd128.h>

#include <cstring>

#include "ruvector/simd/kernel_tables.hpp"

namespace ruvector::simd::detail {
namespace {

inline float horizontal_sum(v128_t v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
         wasm_f32x4_extract_lane(v, 3);
}

float l2sq_simd128(const float* a, const float* b, std::size_t dim) {
  v128_t acc0 = wasm_f32x4_splat(0.0F);
  v128_t acc1 = wasm_f32x4_splat(0.0F);
  std::size_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    const v128_t d0 = wasm_f32x4_sub(wasm_v128_load(a + i), wasm_v128_load(b + i));
    const v128_t d1 = wasm_f32x4_sub(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4));
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(d0, d0));
    acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(d1, d1));
  }
  for (; i + 4 <= dim; i += 4) {
    const v128_t d0 = wasm_f32x4_sub(wasm_v128_load(a + i), wasm_v128_load(b + i));
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(d0, d0));
  }
  float sum = horizontal_sum(wasm_f32x4_add(acc0, acc1));
  for (; i < dim; ++i) {
    const float diff = a[i] - b[i];
    sum += diff * diff;
  }
  return sum;
}

float dot_simd128(const float* a, const float* b, std::size_t dim) {
  v128_t acc0 = wasm_f32x4_splat(0.0F);
  v128_t acc1 = wasm_f32x4_splat(0.0F);
  std::size_t i = 0;
  for (; i + 8 <= dim; i += 8) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
    acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
  }
  for (; i + 4 <= dim; i += 4) {
    acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
  }
  float sum = horizontal_sum(wasm_f32x4_add(acc0, acc1));
  for (; i < dim; ++i) sum += a[i] * b[i];
  return sum;
}

float cosine_simd128(const float* a, const float* b, std::size_t dim) {
  v128_t dot = wasm_f32x4_splat(0.0F);
  v128_t na = wasm_f32x4_splat(0.0F);
  v128_t nb = wasm_f32x4_splat(0.0F);
  std::size_t i = 0;
  for (; i + 4 <= dim; i += 4) {
    const v128_t va = wasm_v128_load(a + i);
    const v128_t vb = wasm_v128_load(b + i);
    dot = wasm_f32x4_add(dot, wasm_f32x4_mul(va, vb));
    na = wasm_f32x4_add(na, wasm_f32x4_mul(va, va));
    nb = wasm_f32x4_add(nb, wasm_f32x4_mul(vb, vb));
  }
  float sdot = horizontal_sum(dot);
  float sna = horizontal_sum(na);
  float snb = horizontal_sum(nb);
  for (; i < dim; ++i) {
    sdot += a[i] * b[i];
    sna += a[i] * a[i];
    snb += b[i] * b[i];
  }
  return cosine_from_parts(sdot, sna, snb);
}

std::uint64_t hamming_simd128(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes) {
  // i64.popcnt is a single wasm instruction; 64-bit words beat byte-wise SIMD popcount here.
  std::uint64_t bits = 0;
  std::size_t i = 0;
  for (; i + 8 <= bytes; i += 8) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    std::memcpy(&wa, a + i, 8);
    std::memcpy(&wb, b + i, 8);
    bits += static_cast<std::uint64_t>(__builtin_popcountll(wa ^ wb));
  }
  return bits + hamming_tail(a + i, b + i, bytes - i);
}

void dots_transposed_simd128(const float* x, const float* mt, std::size_t d, std::size_t m, float* out) {
  std::size_t j = 0;
  for (; j + 16 <= m; j += 16) {
    v128_t a0 = wasm_f32x4_splat(0.0F);
    v128_t a1 = wasm_f32x4_splat(0.0F);
    v128_t a2 = wasm_f32x4_splat(0.0F);
    v128_t a3 = wasm_f32x4_splat(0.0F);
    for (std::size_t i = 0; i < d; ++i) {
      const v128_t xi = wasm_f32x4_splat(x[i]);
      const float* row = mt + i * m + j;
      a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(xi, wasm_v128_load(row)));
      a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(xi, wasm_v128_load(row + 4)));
      a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(xi, wasm_v128_load(row + 8)));
      a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(xi, wasm_v128_load(row + 12)));
    }
    wasm_v128_store(out + j, a0);
    wasm_v128_store(out + j + 4, a1);
    wasm_v128_store(out + j + 8, a2);
    wasm_v128_store(out + j + 12, a3);
  }
  for (; j < m; ++j) {
    float acc = 0.0F;
    for (std::size_t i = 0; i < d; ++i) acc = acc + x[i] * mt[i * m + j];
    out[j] = acc;
  }
}

void fastscan_simd128(const std::uint8_t* blocks, std::size_t nblocks, const std::uint8_t* lut, std::size_t groups,
                      std::uint16_t* out) {
  const v128_t low4 = wasm_i8x16_splat(0x0F);
  const v128_t low8 = wasm_i16x8_splat(0x00FF);
  for (std::size_t b = 0; b < nblocks; ++b) {
    const std::uint8_t* block = blocks + b * groups * 16;
    v128_t lo_even = wasm_i16x8_splat(0);
    v128_t lo_odd = wasm_i16x8_splat(0);
    v128_t hi_even = wasm_i16x8_splat(0);
    v128_t hi_odd = wasm_i16x8_splat(0);
    for (std::size_t g = 0; g < groups; ++g) {
      const v128_t codes = wasm_v128_load(block + g * 16);
      const v128_t table = wasm_v128_load(lut + g * 16);
      const v128_t lo = wasm_i8x16_swizzle(table, wasm_v128_and(codes, low4));
      const v128_t hi = wasm_i8x16_swizzle(table, wasm_u8x16_shr(codes, 4));
      lo_even = wasm_i16x8_add(lo_even, wasm_v128_and(lo, low8));
      lo_odd = wasm_i16x8_add(lo_odd, wasm_u16x8_shr(lo, 8));
      hi_even = wasm_i16x8_add(hi_even, wasm_v128_and(hi, low8));
      hi_odd = wasm_i16x8_add(hi_odd, wasm_u16x8_shr(hi, 8));
    }
    std::uint16_t* dst = out + b * kFastScanBlock;
    // Interleave even/odd code positions: lanes k of even/odd hold codes 2k and 2k + 1.
    wasm_v128_store(dst, wasm_i16x8_shuffle(lo_even, lo_odd, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(dst + 8, wasm_i16x8_shuffle(lo_even, lo_odd, 4, 12, 5, 13, 6, 14, 7, 15));
    wasm_v128_store(dst + 16, wasm_i16x8_shuffle(hi_even, hi_odd, 0, 8, 1, 9, 2, 10, 3, 11));
    wasm_v128_store(dst + 24, wasm_i16x8_shuffle(hi_even, hi_odd, 4, 12, 5, 13, 6, 14, 7, 15));
  }
}

constexpr Kernels kSimd128{Isa::kSimd128,           l2sq_simd128,    dot_simd128, cosine_simd128, hamming_simd128,
                           dots_transposed_simd128, fastscan_simd128};

}  // namespace

const Kernels* simd128_table() noexcept {
  return &kSimd128;
}

}  // namespace ruvector::simd::detail
