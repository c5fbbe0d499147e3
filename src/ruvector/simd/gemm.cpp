#include "ruvector/simd/gemm.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/simd/gemm_tables.hpp"

namespace ruvector::simd {

namespace {

// Depth and row blocks: a kKc-deep slice of a panel (kKc * nr * 4 bytes <= 32 KiB at nr = 32) is
// reused by every row tile of the block; the kMc x kKc block of A (<= 512 KiB) stays in L2. The
// weights (B) are the large operand of inference and are used once per batch: a tall row block
// means each slice of B comes from memory once, not once per 96 rows (measured: batch 32 of short
// texts ran 2.5x slower with kMc = 96, waiting on B loads).
constexpr std::size_t kKc = 256;
constexpr std::size_t kMc = 512;

const MlKernels* table_for(Isa isa) noexcept {
  switch (isa) {
    case Isa::kScalar: return &detail::scalar_ml_table();
#if defined(RUVECTOR_HAVE_AVX2)
    case Isa::kAvx2: return detail::avx2_ml_table();
#endif
#if defined(RUVECTOR_HAVE_AVX512)
    case Isa::kAvx512: return detail::avx512_ml_table();
#endif
#if defined(RUVECTOR_HAVE_SIMD128)
    case Isa::kSimd128: return detail::simd128_ml_table();
#endif
    default: return nullptr;
  }
}

// The mc x kc block of A (row stride lda) as tiles of mr rows, each kc x mr (row i's a[p] at
// p * mr + i), for MlKernels::interleaved_a; a tail tile's missing rows are never read.
const float* interleave_a_block(const float* a, std::size_t lda, std::size_t mc, std::size_t kc, std::size_t mr,
                                std::vector<float>& block) {
  block.resize((mc + mr - 1) / mr * mr * kc);
  for (std::size_t ir = 0; ir < mc; ir += mr) {
    const std::size_t rows = std::min(mr, mc - ir);
    float* out = block.data() + ir * kc;
    for (std::size_t i = 0; i < rows; ++i) {
      const float* src = a + (ir + i) * lda;
      for (std::size_t p = 0; p < kc; ++p) out[p * mr + i] = src[p];
    }
  }
  return block.data();
}

}  // namespace

const MlKernels& ml_kernels_for(Isa isa) {
  return available_table(isa, table_for(isa));
}

const MlKernels& active_ml_kernels() {
  static const MlKernels& active = ml_kernels_for(active_kernels().isa);
  return active;
}

void PackedB::reset(std::size_t n, std::size_t k, std::size_t nr) {
  n_ = n;
  k_ = k;
  nr_ = nr;
  const std::size_t panels = (n + nr - 1) / nr;
  data_.assign(panels * k * nr, 0.0F);
}

void PackedB::assign_transposed(const float* w, std::size_t n, std::size_t k, std::size_t ldw, std::size_t nr) {
  reset(n, k, nr);
  for (std::size_t j = 0; j < n; ++j) {
    float* dst = data_.data() + (j / nr) * k * nr + (j % nr);
    const float* src = w + j * ldw;
    for (std::size_t p = 0; p < k; ++p) dst[p * nr] = src[p];
  }
}

void PackedB::assign_rows(const float* b, std::size_t k, std::size_t n, std::size_t ldb, std::size_t nr) {
  reset(n, k, nr);
  for (std::size_t p = 0; p < k; ++p) {
    const float* src = b + p * ldb;
    for (std::size_t j0 = 0; j0 < n; j0 += nr) {
      const std::size_t cols = std::min(nr, n - j0);
      std::copy(src + j0, src + j0 + cols, data_.data() + (j0 / nr) * k * nr + p * nr);
    }
  }
}

std::vector<float> PackedB::unpack_transposed() const {
  std::vector<float> w(n_ * k_);
  for (std::size_t j = 0; j < n_; ++j) {
    const float* src = data_.data() + (j / nr_) * k_ * nr_ + (j % nr_);
    for (std::size_t p = 0; p < k_; ++p) w[j * k_ + p] = src[p * nr_];
  }
  return w;
}

PackedB PackedB::from_transposed(const float* w, std::size_t n, std::size_t k, std::size_t ldw, std::size_t nr) {
  PackedB packed;
  packed.assign_transposed(w, n, k, ldw, nr);
  return packed;
}

PackedB PackedB::from_rows(const float* b, std::size_t k, std::size_t n, std::size_t ldb, std::size_t nr) {
  PackedB packed;
  packed.assign_rows(b, k, n, ldb, nr);
  return packed;
}

void gemm(const float* a, std::size_t m, std::size_t lda, const PackedB& b, const float* bias, float* c,
          std::size_t ldc, const MlKernels& kernels, std::vector<float>* a_block) {
  const std::size_t n = b.n();
  const std::size_t k = b.k();
  const std::size_t nr = kernels.nr;
  if (b.nr() != nr) {
    throw_error(ErrorCode::kInvalidInput, "gemm: B is packed for panels of " + std::to_string(b.nr()) +
                                              " columns, the " + std::string(isa_name(kernels.isa)) + " kernel needs " +
                                              std::to_string(nr));
  }
  for (std::size_t i = 0; i < m; ++i) {
    float* row = c + i * ldc;
    if (bias != nullptr) {
      std::copy(bias, bias + n, row);
    } else {
      std::fill(row, row + n, 0.0F);
    }
  }
  const std::size_t panels = (n + nr - 1) / nr;
  const std::size_t mr = kernels.mr;
  std::vector<float> local;
  std::vector<float>& block = a_block != nullptr ? *a_block : local;
  for (std::size_t pc = 0; pc < k; pc += kKc) {
    const std::size_t kc = std::min(kKc, k - pc);
    for (std::size_t ic = 0; ic < m; ic += kMc) {
      const std::size_t mc = std::min(kMc, m - ic);
      // The tile of rows ic + ir reads a_tile + ir * a_row_step, rows lda_tile apart.
      const float* a_tile = a + ic * lda + pc;
      std::size_t lda_tile = lda;
      std::size_t a_row_step = lda;
      if (kernels.interleaved_a) {
        a_tile = interleave_a_block(a_tile, lda, mc, kc, mr, block);
        lda_tile = mr;
        a_row_step = kc;
      }
      for (std::size_t jp = 0; jp < panels; ++jp) {
        const float* panel = b.panel(jp) + pc * nr;
        const std::size_t cols = std::min(nr, n - jp * nr);
        for (std::size_t ir = 0; ir < mc; ir += mr) {
          const std::size_t rows = std::min(mr, mc - ir);
          kernels.tile(a_tile + ir * a_row_step, lda_tile, panel, kc, c + (ic + ir) * ldc + jp * nr, ldc, rows, cols);
        }
      }
    }
  }
}

}  // namespace ruvector::simd
