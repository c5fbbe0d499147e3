// Dense float GEMM and the element-wise kernels of neural-network inference (exp, GELU), one
// implementation per instruction set behind one table, picked like the distance kernels (the same
// ISA as active_kernels(), so RUVECTOR_ISA selects both).
//
// C (m x n) += A (m x k) * B (k x n), where B is packed once into column panels of `nr` floats:
// panel p holds columns [p * nr, p * nr + nr) as k rows of nr floats (columns past n are zero).
// The driver blocks k (kKc) and m (kMc) so the A block and a panel slice stay in cache; the
// micro-kernel keeps an mr x nr tile of C in registers. The SIMD kernels use FMA where the ISA has
// it, so their sums differ from the scalar kernel's by rounding only (tests bound it).
#pragma once

#include <cstddef>
#include <vector>

#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd {

struct MlKernels {
  Isa isa;
  std::size_t mr;  // rows of C per micro-kernel call
  std::size_t nr;  // columns of a B panel
  // c[i * ldc + j] += sum_{p < kc} a[i * lda + p] * panel[p * nr + j] for i < rows <= mr, j < cols <= nr.
  void (*tile)(const float* a, std::size_t lda, const float* panel, std::size_t kc, float* c, std::size_t ldc,
               std::size_t rows, std::size_t cols);
  // x[i] = exp(x[i]); relative error ~2e-7 on [-87, 88] (inputs are clamped to that range).
  void (*exp_inplace)(float* x, std::size_t n);
  // x[i] = 0.5 x (1 + erf(x / sqrt 2)) (the exact, erf-based GELU), absolute error of erf <= 2e-7.
  void (*gelu_inplace)(float* x, std::size_t n);
  // True: the tile reads A as one block of mr rows interleaved element by element (row i's a[p] at
  // a[p * mr + i], lda = mr), which gemm builds once per kc x mc block of A and reuses for every
  // panel: every load of the tile is then one pointer plus a constant (simd128: V8 spent a dozen
  // scalar address instructions per step of k on a[i * lda + p]).
  bool interleaved_a = false;
};

// The kernels of `isa` (InvalidInput if this build or CPU lacks it); active_ml_kernels() follows
// active_kernels().isa.
const MlKernels& ml_kernels_for(Isa isa);
const MlKernels& active_ml_kernels();

// B packed for one kernel table's panel width.
class PackedB {
 public:
  PackedB() = default;
  // From W (n x k, row stride ldw): B = W^T, the layout of a linear layer's weight [out, in].
  static PackedB from_transposed(const float* w, std::size_t n, std::size_t k, std::size_t ldw, std::size_t nr);
  // From B itself (k x n, row stride ldb).
  static PackedB from_rows(const float* b, std::size_t k, std::size_t n, std::size_t ldb, std::size_t nr);
  // The same, reusing this object's storage (for the many small per-head packs of attention).
  void assign_transposed(const float* w, std::size_t n, std::size_t k, std::size_t ldw, std::size_t nr);
  void assign_rows(const float* b, std::size_t k, std::size_t n, std::size_t ldb, std::size_t nr);

  [[nodiscard]] std::size_t n() const noexcept { return n_; }
  [[nodiscard]] std::size_t k() const noexcept { return k_; }
  [[nodiscard]] std::size_t nr() const noexcept { return nr_; }
  [[nodiscard]] const float* panel(std::size_t index) const noexcept { return data_.data() + index * k_ * nr_; }
  [[nodiscard]] std::size_t memory_bytes() const noexcept { return data_.capacity() * sizeof(float); }
  // W again (n x k, rows contiguous): the inverse of from_transposed.
  [[nodiscard]] std::vector<float> unpack_transposed() const;

 private:
  void reset(std::size_t n, std::size_t k, std::size_t nr);
  std::vector<float> data_;
  std::size_t n_ = 0;
  std::size_t k_ = 0;
  std::size_t nr_ = 0;
};

// C (m x n, row stride ldc) = A (m x k, row stride lda) * B (+ bias[j] on every row when bias is
// not null). b.nr() must equal kernels.nr. a_block: reusable storage for the interleaved blocks of A
// (MlKernels::interleaved_a; a local buffer when null).
void gemm(const float* a, std::size_t m, std::size_t lda, const PackedB& b, const float* bias, float* c,
          std::size_t ldc, const MlKernels& kernels, std::vector<float>* a_block = nullptr);

}  // namespace ruvector::simd
