#include "ruvector/simd/gemm_i8.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "ruvector/core/error.hpp"
#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd {

namespace {

const I8Kernels* table_for(Isa isa) noexcept {
  switch (isa) {
    case Isa::kScalar: return &detail::scalar_i8_table();
#if defined(RUVECTOR_HAVE_AVX2)
    case Isa::kAvx2: return detail::avx2_i8_table();
#endif
#if defined(RUVECTOR_HAVE_AVX512)
    // AMX-INT8 where the CPU and OS allow it, else VNNI; AVX-512 CPUs without VNNI run the exact
    // 16-bit AVX2 kernel. All give the same bits.
    case Isa::kAvx512:
      if (const I8Kernels* amx = detail::avx512_amx_i8_table(); amx != nullptr) return amx;
      return cpu_has_avx512_vnni() ? detail::avx512_vnni_i8_table() : detail::avx2_i8_table();
#endif
#if defined(RUVECTOR_HAVE_SIMD128)
    case Isa::kSimd128: return detail::simd128_i8_table();
#endif
    default: return nullptr;
  }
}

float max_abs(const float* x, std::size_t n) {
  float lo = 0;
  float hi = 0;
  detail::range_scalar(x, n, &lo, &hi);
  return std::max(-lo, hi);
}

}  // namespace

float symmetric_weight_scale(float max_abs, float floor) noexcept {
  const float scale = std::max(max_abs / 127.0F, floor);
  return scale > 0 ? scale : 1.0F;
}

std::int8_t symmetric_weight_code(float w, float inv_scale) noexcept {
  // Through the activation quantizer with zero point 128; the clamp keeps -128 out.
  const int q = static_cast<int>(detail::quantize_one(w, inv_scale, 128)) - 128;
  return static_cast<std::int8_t>(std::max(q, -127));
}

RowQuantization row_quantization(float lo, float hi) noexcept {
  if (!(hi > lo)) return {1.0F, 0};  // an all-zero row (lo = hi = 0)
  const float scale = (hi - lo) / 255.0F;
  // lo <= 0 maps to code 0 (up to rounding), 0 maps exactly to the zero point.
  const auto zero = static_cast<std::int32_t>(std::lround(-lo / scale));
  return {scale, std::clamp<std::int32_t>(zero, 0, 255)};
}

const I8Kernels& i8_kernels_for(Isa isa) {
  return available_table(isa, table_for(isa));
}

const I8Kernels& active_i8_kernels() {
  static const I8Kernels& active = i8_kernels_for(active_kernels().isa);
  return active;
}

PackedI8::PackedI8(const float* w, std::size_t n, std::size_t k, std::size_t ldw, const I8Kernels& kernels,
                   const float* min_scales)
    : n_(n), k_(k), nr_(kernels.nr), k_group_(kernels.k_group) {
  if (k > kMaxDepth) {
    throw_error(ErrorCode::kInvalidInput,
                "int8 GEMM depth " + std::to_string(k) + " exceeds " + std::to_string(kMaxDepth));
  }
  const std::size_t align = kernels.words_align;
  words_ = ((k + k_group_ - 1) / k_group_ + align - 1) / align * align;
  const std::size_t panels = (n + nr_ - 1) / nr_;
  data_.assign(panels * words_ * nr_ * k_group_, 0);
  scales_.resize(n);
  weight_sums_.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    const float* row = w + j * ldw;
    const float scale = symmetric_weight_scale(max_abs(row, k), min_scales != nullptr ? min_scales[j] : 0.0F);
    const float inv = 1.0F / scale;
    scales_[j] = scale;
    std::int32_t sum = 0;  // of the weights: times a row's zero point, removed from its sums
    std::int8_t* panel = data_.data() + (j / nr_) * words_ * nr_ * k_group_ + (j % nr_) * k_group_;
    for (std::size_t p = 0; p < k; ++p) {
      const std::int8_t code = symmetric_weight_code(row[p], inv);
      sum += code;
      panel[(p / k_group_) * nr_ * k_group_ + p % k_group_] = code;
    }
    weight_sums_[j] = sum;
  }
}

void pack_u8_rows(const std::uint8_t* x, std::size_t m, std::size_t k, std::size_t ld, const I8Kernels& kernels,
                  std::size_t row_words, std::uint32_t* words) {
  const std::size_t group = kernels.k_group;
  for (std::size_t i = 0; i < m; ++i) {
    const std::uint8_t* row = x + i * ld;
    std::uint32_t* out = words + i * row_words;
    if (group == 4) {
      // Four bytes of k per word, the first in the low byte: the bytes as they lie (little endian).
      std::memcpy(out, row, k);
      std::memset(reinterpret_cast<std::uint8_t*>(out) + k, 0, row_words * 4 - k);
    } else {
      std::fill(out, out + row_words, 0U);
      for (std::size_t p = 0; p < k; ++p) out[p / 2] |= static_cast<std::uint32_t>(row[p]) << ((p % 2) * 16);
    }
  }
}

void interleave_a_rows(const std::uint32_t* a, std::size_t lda, std::size_t rows, std::size_t words, std::size_t mr,
                       std::uint32_t* block) {
  for (std::size_t w = 0; w < words; ++w) {
    std::uint32_t* out = block + w * mr;
    for (std::size_t i = 0; i < rows; ++i) out[i] = a[i * lda + w];
    for (std::size_t i = rows; i < mr; ++i) out[i] = 0;
  }
}

namespace {

// Codes row `row` (k floats) into `words` (row_words of them, the padding past k zero); returns its
// scale and zero point.
RowQuantization quantize_activation_row(const float* row, std::size_t k, const I8Kernels& kernels,
                                        std::size_t row_words, std::uint32_t* words) {
  float lo = 0;
  float hi = 0;
  kernels.range(row, k, &lo, &hi);
  const RowQuantization q = row_quantization(lo, hi);
  kernels.quantize_row(row, k, 1.0F / q.scale, q.zero, words);
  std::fill(words + (k + kernels.k_group - 1) / kernels.k_group, words + row_words, 0U);
  return q;
}

// residual[p] = row[p] - scale * (u[p] - zero) for the codes u that quantize_row gave row (scalar
// and without FMA on every ISA, so the residual codes are the same bits everywhere).
void code_residual(const float* row, std::size_t k, RowQuantization q, float* residual) {
  const float inv = 1.0F / q.scale;
  for (std::size_t p = 0; p < k; ++p) {
    const auto code = static_cast<std::int32_t>(detail::quantize_one(row[p], inv, q.zero));
    const float decoded = q.scale * static_cast<float>(code - q.zero);
    residual[p] = row[p] - decoded;
  }
}

}  // namespace

void gemm_i8(const float* a, std::size_t m, std::size_t lda, const PackedI8& w, const float* bias, float* c,
             std::size_t ldc, const I8Kernels& kernels, I8Scratch& scratch, I8Activations activations) {
  if (w.nr() != kernels.nr || w.k_group() != kernels.k_group) {
    throw_error(ErrorCode::kInvalidInput, "gemm_i8: weights are packed for another kernel (" +
                                              std::string(isa_name(kernels.isa)) + " needs panels of " +
                                              std::to_string(kernels.nr) + " columns)");
  }
  const std::size_t k = w.k();
  const std::size_t words = w.words();
  const bool residual = activations == I8Activations::kWithResidual;
  // A quantized per row into 32-bit words: 4 bytes (group 4) or 2 u16 halves (group 2) of u8 codes;
  // with residual codes, rows m .. 2m hold the second code of rows 0 .. m.
  const std::size_t coded_rows = residual ? 2 * m : m;
  scratch.a_words.resize(coded_rows * words);
  scratch.a_scales.resize(coded_rows);
  scratch.a_zeros.resize(coded_rows);
  if (residual) scratch.residual.resize(k);
  for (std::size_t i = 0; i < m; ++i) {
    const float* row = a + i * lda;
    const RowQuantization q = quantize_activation_row(row, k, kernels, words, scratch.a_words.data() + i * words);
    scratch.a_scales[i] = q.scale;
    scratch.a_zeros[i] = q.zero;
    if (residual) {
      code_residual(row, k, q, scratch.residual.data());
      const RowQuantization r =
          quantize_activation_row(scratch.residual.data(), k, kernels, words, scratch.a_words.data() + (m + i) * words);
      scratch.a_scales[m + i] = r.scale;
      scratch.a_zeros[m + i] = r.zero;
    }
  }
  const auto first_code = [&](std::size_t i, std::size_t j0, const std::int32_t* sums, std::size_t cols) {
    kernels.dequantize(sums, cols, scratch.a_scales[i], scratch.a_zeros[i], w.scales() + j0, w.weight_sums() + j0,
                       bias != nullptr ? bias + j0 : nullptr, c + i * ldc + j0);
  };
  if (!residual) {
    for_each_i8_tile(scratch.a_words.data(), m, w, kernels, scratch.tile, first_code);
    return;
  }
  // Both codes in one sweep over the weights (2m rows: a small batch reads each panel once, not
  // twice). Row m + i, the residual code of row i, comes after row i in every panel (tiles run in
  // ascending rows, and a later row block after every panel of the earlier one), so its share is
  // added to a C value that already holds the first code's: the same sums in the same order.
  scratch.partial.resize(kernels.nr);
  for_each_i8_tile(scratch.a_words.data(), 2 * m, w, kernels, scratch.tile,
                   [&](std::size_t i, std::size_t j0, const std::int32_t* sums, std::size_t cols) {
                     if (i < m) {
                       first_code(i, j0, sums, cols);
                       return;
                     }
                     float* part = scratch.partial.data();
                     kernels.dequantize(sums, cols, scratch.a_scales[i], scratch.a_zeros[i], w.scales() + j0,
                                        w.weight_sums() + j0, nullptr, part);
                     float* out = c + (i - m) * ldc + j0;
                     for (std::size_t j = 0; j < cols; ++j) out[j] += part[j];
                   });
}

}  // namespace ruvector::simd
