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

constexpr Kernels kSimd128{Isa::kSimd128, l2sq_simd128, dot_simd128, cosine_simd128, hamming_simd128};

}  // namespace

const Kernels* simd128_table() noexcept {
  return &kSimd128;
}

}  // namespace ruvector::simd::detail
