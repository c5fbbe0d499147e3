// INT8 GEMM for dynamic quantization: weights quantized once per output channel (symmetric int8),
// activations per row at run time, asymmetric u8 with a per-row zero point (the row's range
// [min(x, 0), max(x, 0)] maps onto 0..255: a row that is mostly positive, like a GELU output, keeps
// twice the resolution of a symmetric code). The integer products are exact int32 sums on every ISA
// (VNNI vpdpbusd, AVX2 / simd128 16-bit multiply-add on widened bytes, scalar), so every kernel
// returns the same bits as the scalar one.
//
// C[i, j] = s_a[i] * s_w[j] * (sum_p u_a[i, p] * q_w[j, p] - z_a[i] * sum_p q_w[j, p]) + bias[j].
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd {

struct I8Kernels {
  Isa isa;
  std::size_t mr;       // rows per tile
  std::size_t nr;       // columns per weight panel
  std::size_t k_group;  // bytes of k per 32-bit word: 4 (u8 x s8 quads) or 2 (two widened pairs)
  // c[i * nr + j] = sum over `words` 32-bit words w of dot(a[i * lda + w], panel[w][j]) for i < rows.
  // An A word holds k_group activations (k_group = 2: two u16 halves); a panel word-row holds nr
  // columns of k_group int8 weights each.
  void (*tile)(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
               std::size_t rows);
  // *lo = min(0, min x[i]), *hi = max(0, max x[i]) (exact: the same on every ISA).
  void (*range)(const float* x, std::size_t n, float* lo, float* hi);
  // words[0, ceil(k / k_group)) = the u8 values round_half_away(clamp(x * inv_scale, -zero, 255 - zero))
  // + zero of x[0, k), packed k_group per word (bytes or u16 halves); the last word's tail is zero.
  void (*quantize_row)(const float* x, std::size_t k, float inv_scale, std::int32_t zero, std::uint32_t* words);
  // out[j] = (a_scale * scales[j]) * float(sums[j] - a_zero * weight_sums[j]) (+ bias[j] when not null).
  void (*dequantize)(const std::int32_t* sums, std::size_t cols, float a_scale, std::int32_t a_zero,
                     const float* scales, const std::int32_t* weight_sums, const float* bias, float* out);
  // Called once per GEMM before its tiles (null when the tile needs no set-up): AMX loads the tile
  // configuration here, not per 16 x 32 tile (LDTILECFG cost a quarter of the tile time).
  void (*prepare)() = nullptr;
  // The depth of a packed panel and an A row, in words, is a multiple of this (AMX: 16, a whole
  // tile of k), zero-padded once when the weights are packed rather than on every tile call.
  std::size_t words_align = 1;
  // True: the tile reads A as one block of mr rows interleaved word by word (row i's word w at
  // a[w * mr + i], lda = mr; rows past `rows` are zero), which for_each_i8_tile builds once per row
  // block and reuses for every panel. Every A load of the tile is then one pointer plus a constant
  // (simd128: V8 spent a dozen scalar address instructions per word on a[i * lda + w]).
  bool interleaved_a = false;
};

// The INT8 kernels of `isa` (InvalidInput if unavailable); active_i8_kernels() follows
// active_kernels().isa, and uses VNNI on AVX-512 CPUs that have it.
const I8Kernels& i8_kernels_for(Isa isa);
const I8Kernels& active_i8_kernels();

// Symmetric s8 weight quantization, the one rule of every INT8 weight (the GEMM panels below and the
// depthwise convolution): scale = max(max|w| / 127, floor), 1 when that is 0 (no weights, no floor);
// a weight's code is round(w / scale) clamped to [-127, 127].
float symmetric_weight_scale(float max_abs, float floor = 0.0F) noexcept;
std::int8_t symmetric_weight_code(float w, float inv_scale) noexcept;

// Weights W (n x k, row stride ldw) quantized per row (output channel) and packed for one table.
class PackedI8 {
 public:
  static constexpr std::size_t kMaxDepth = 65536;  // 255 * 127 * 65536 < 2^31: every int32 sum exact

  PackedI8() = default;
  // min_scales (n floats, optional): a floor under each row's scale max|w| / 127 (the static INT8
  // convolutions keep a nearly dead channel's int32 bias in range with it).
  PackedI8(const float* w, std::size_t n, std::size_t k, std::size_t ldw, const I8Kernels& kernels,
           const float* min_scales = nullptr);

  [[nodiscard]] std::size_t n() const noexcept { return n_; }
  [[nodiscard]] std::size_t k() const noexcept { return k_; }
  [[nodiscard]] std::size_t words() const noexcept { return words_; }
  [[nodiscard]] const std::int8_t* panel(std::size_t index) const noexcept {
    return data_.data() + index * words_ * nr_ * k_group_;
  }
  [[nodiscard]] const float* scales() const noexcept { return scales_.data(); }
  // sum_p q_w[j, p]: times an activation row's zero point, the part of the u8 x s8 sums it adds.
  [[nodiscard]] const std::int32_t* weight_sums() const noexcept { return weight_sums_.data(); }
  [[nodiscard]] std::size_t nr() const noexcept { return nr_; }
  [[nodiscard]] std::size_t k_group() const noexcept { return k_group_; }
  [[nodiscard]] std::size_t memory_bytes() const noexcept {
    return data_.capacity() + scales_.capacity() * sizeof(float) + weight_sums_.capacity() * sizeof(std::int32_t);
  }

 private:
  std::vector<std::int8_t> data_;
  std::vector<float> scales_;
  std::vector<std::int32_t> weight_sums_;
  std::size_t n_ = 0;
  std::size_t k_ = 0;
  std::size_t words_ = 0;
  std::size_t nr_ = 0;
  std::size_t k_group_ = 0;
};

// Reusable buffers of for_each_i8_tile: one tile of int32 sums, and the interleaved A rows of
// kernels whose interleaved_a is set.
struct I8TileScratch {
  std::vector<std::int32_t> sums;
  std::vector<std::uint32_t> a_block;
};

// Reusable buffers of gemm_i8 (quantized A and one tile of int32 sums).
struct I8Scratch {
  std::vector<std::uint32_t> a_words;
  std::vector<float> residual;  // one row of x - s * (u - z) (I8Activations::kWithResidual)
  std::vector<float> partial;   // one tile row of the residual codes' share of C
  std::vector<float> a_scales;
  std::vector<std::int32_t> a_zeros;
  I8TileScratch tile;
};

// The u8 code of a row with range [lo, hi] (lo <= 0 <= hi): x ~ scale * (u - zero).
struct RowQuantization {
  float scale;
  std::int32_t zero;
};
RowQuantization row_quantization(float lo, float hi) noexcept;

// Rows of u8 codes (m x k, row stride ld) packed into the A words of `kernels` (k_group codes per
// word), row_words words per row (a PackedI8's words()), the tail zero: zero codes against
// zero-padded weights add nothing.
void pack_u8_rows(const std::uint8_t* x, std::size_t m, std::size_t k, std::size_t ld, const I8Kernels& kernels,
                  std::size_t row_words, std::uint32_t* words);

// rows (<= mr) rows of A words (row stride lda, `words` each) interleaved word by word into a block
// of mr rows: block[w * mr + i] = a[i * lda + w], zero for rows >= rows (I8Kernels::interleaved_a).
void interleave_a_rows(const std::uint32_t* a, std::size_t lda, std::size_t rows, std::size_t words, std::size_t mr,
                       std::uint32_t* block);

// The exact int32 sums A words (m rows of w.words()) x W^T, tile by tile: emit(i, j0, sums, cols)
// gets row i's sums of columns j0 .. j0 + cols. `scratch` holds the tile (and interleaved A).
template <class Emit>
void for_each_i8_tile(const std::uint32_t* words, std::size_t m, const PackedI8& w, const I8Kernels& kernels,
                      I8TileScratch& scratch, Emit&& emit) {
  constexpr std::size_t kMc = 512;  // rows per block: each weight panel is read once per 512 rows
  const std::size_t k_words = w.words();
  const std::size_t mr = kernels.mr;
  scratch.sums.resize(mr * kernels.nr);
  std::int32_t* tile = scratch.sums.data();
  const std::size_t panels = (w.n() + kernels.nr - 1) / kernels.nr;
  if (kernels.prepare != nullptr) kernels.prepare();
  for (std::size_t ic = 0; ic < m; ic += kMc) {
    const std::size_t mc = std::min(kMc, m - ic);
    const std::uint32_t* a = words + ic * k_words;
    std::size_t lda = k_words;
    if (kernels.interleaved_a) {
      scratch.a_block.resize((mc + mr - 1) / mr * mr * k_words);  // a block per tile, mr * k_words each
      for (std::size_t ir = 0; ir < mc; ir += mr) {
        interleave_a_rows(a + ir * k_words, k_words, std::min(mr, mc - ir), k_words, mr,
                          scratch.a_block.data() + ir * k_words);
      }
      a = scratch.a_block.data();
      lda = mr;
    }
    for (std::size_t jp = 0; jp < panels; ++jp) {
      const std::size_t j0 = jp * kernels.nr;
      const std::size_t cols = std::min(kernels.nr, w.n() - j0);
      for (std::size_t ir = 0; ir < mc; ir += mr) {
        const std::size_t rows = std::min(mr, mc - ir);
        const std::size_t i0 = ic + ir;
        kernels.tile(a + ir * k_words, lda, w.panel(jp), k_words, tile, rows);
        for (std::size_t i = 0; i < rows; ++i) emit(i0 + i, j0, tile + i * kernels.nr, cols);
      }
    }
  }
}

// How gemm_i8 codes the activations: one u8 code per value, or that code plus a second u8 code of
// what it missed (x - s * (u - z), quantized per row over its own, ~256x narrower range): about 15
// bits of activation precision for twice the integer work. Where the weights' int8 error alone is
// tolerable but the activations' is not (a BERT's query/key/value: softmax amplifies it), the
// residual code keeps the layer in int8 instead of fp32.
enum class I8Activations { kOneCode, kWithResidual };

// C (m x n, row stride ldc) = A (m x k float, row stride lda) * W^T + bias, A quantized per row.
void gemm_i8(const float* a, std::size_t m, std::size_t lda, const PackedI8& w, const float* bias, float* c,
             std::size_t ldc, const I8Kernels& kernels, I8Scratch& scratch,
             I8Activations activations = I8Activations::kOneCode);

}  // namespace ruvector::simd
