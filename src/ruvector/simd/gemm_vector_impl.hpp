// Private to simd/: the SIMD GEMM micro-kernel, exp and GELU written once over a vector "traits"
// type V, instantiated by each ISA's file with its own compile flags (gemm_avx2.cpp, ...). V gives:
// reg, kWidth, zero/set1/load/store, load_partial/store_partial(p, count), add/sub/mul/div,
// fmadd(a, b, c) = a * b + c, min/max, round (nearest even), abs, copy_sign(magnitude, sign_of)
// and pow2(n) = 2^n for integral n held in a float register.
#pragma once

#include <cstddef>

#include "ruvector/simd/gemm_tables.hpp"

namespace ruvector::simd::detail {

template <class V>
using Reg = typename V::reg;  // NOLINT(readability-redundant-typename): clang 14 (em++) needs it

template <class V, std::size_t Rows, std::size_t NrVecs>
inline void gemm_tile_rows(const float* a, std::size_t lda, const float* panel, std::size_t kc, float* c,
                           std::size_t ldc, std::size_t cols) {
  constexpr std::size_t kNr = NrVecs * V::kWidth;
  Reg<V> acc[Rows][NrVecs];
#pragma GCC unroll 16
  for (std::size_t i = 0; i < Rows; ++i) {
#pragma GCC unroll 4
    for (std::size_t v = 0; v < NrVecs; ++v) acc[i][v] = V::zero();
  }
  for (std::size_t p = 0; p < kc; ++p) {
    Reg<V> b[NrVecs];
#pragma GCC unroll 4
    for (std::size_t v = 0; v < NrVecs; ++v) b[v] = V::load(panel + p * kNr + v * V::kWidth);
#pragma GCC unroll 16
    for (std::size_t i = 0; i < Rows; ++i) {
      const Reg<V> x = V::set1(a[i * lda + p]);
#pragma GCC unroll 4
      for (std::size_t v = 0; v < NrVecs; ++v) acc[i][v] = V::fmadd(x, b[v], acc[i][v]);
    }
  }
  for (std::size_t i = 0; i < Rows; ++i) {
    float* row = c + i * ldc;
    for (std::size_t v = 0; v < NrVecs; ++v) {
      const std::size_t begin = v * V::kWidth;
      if (begin >= cols) break;
      const std::size_t count = cols - begin;
      if (count >= V::kWidth) {
        V::store(row + begin, V::add(V::load(row + begin), acc[i][v]));
      } else {
        V::store_partial(row + begin, count, V::add(V::load_partial(row + begin, count), acc[i][v]));
      }
    }
  }
}

template <class V, std::size_t Mr, std::size_t NrVecs, std::size_t Rows = Mr>
inline void gemm_tile_dispatch(const float* a, std::size_t lda, const float* panel, std::size_t kc, float* c,
                               std::size_t ldc, std::size_t rows, std::size_t cols) {
  if constexpr (Rows == 0) {
    (void)a, (void)lda, (void)panel, (void)kc, (void)c, (void)ldc, (void)rows, (void)cols;
  } else {
    if (rows == Rows) {
      gemm_tile_rows<V, Rows, NrVecs>(a, lda, panel, kc, c, ldc, cols);
    } else {
      gemm_tile_dispatch<V, Mr, NrVecs, Rows - 1>(a, lda, panel, kc, c, ldc, rows, cols);
    }
  }
}

template <class V>
inline Reg<V> exp_vec(Reg<V> x) {
  x = V::min(V::max(x, V::set1(kExpMin)), V::set1(kExpMax));
  const Reg<V> n = V::round(V::mul(x, V::set1(kLog2e)));
  // n * kLn2Hi is exact (kLn2Hi has 9 significant bits, |n| <= 127), so x - n * kLn2Hi is too.
  const Reg<V> r = V::sub(V::sub(x, V::mul(n, V::set1(kLn2Hi))), V::mul(n, V::set1(kLn2Lo)));
  Reg<V> p = V::set1(kExpC[6]);
  for (int i = 5; i >= 0; --i) p = V::fmadd(p, r, V::set1(kExpC[i]));
  return V::mul(p, V::pow2(n));
}

template <class V>
inline Reg<V> gelu_vec(Reg<V> x) {
  const Reg<V> z = V::mul(V::abs(x), V::set1(kInvSqrt2));
  const Reg<V> one = V::set1(1.0F);
  const Reg<V> t = V::div(one, V::fmadd(V::set1(kErfP), z, one));
  Reg<V> poly = V::set1(kErfA[4]);
  for (int i = 3; i >= 0; --i) poly = V::fmadd(poly, t, V::set1(kErfA[i]));
  const Reg<V> e = exp_vec<V>(V::sub(V::zero(), V::mul(z, z)));
  const Reg<V> erf_abs = V::sub(one, V::mul(V::mul(poly, t), e));
  const Reg<V> erf = V::copy_sign(erf_abs, x);
  return V::mul(V::mul(V::set1(0.5F), x), V::add(one, erf));
}

template <class V, Reg<V> (*F)(Reg<V>)>
inline void map_inplace(float* x, std::size_t n) {
  std::size_t i = 0;
  for (; i + V::kWidth <= n; i += V::kWidth) V::store(x + i, F(V::load(x + i)));
  if (i < n) V::store_partial(x + i, n - i, F(V::load_partial(x + i, n - i)));
}

template <class V, std::size_t Mr, std::size_t NrVecs>
inline MlKernels make_ml_table() {
  return MlKernels{V::kIsa,
                   Mr,
                   NrVecs * V::kWidth,
                   gemm_tile_dispatch<V, Mr, NrVecs>,
                   map_inplace<V, exp_vec<V>>,
                   map_inplace<V, gelu_vec<V>>};
}

}  // namespace ruvector::simd::detail
