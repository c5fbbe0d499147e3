// AMX-INT8 tile (Sapphire Rapids and later): one TDPBUSD multiplies a 16 x 64 u8 tile of activations
// by a 16 x 64 s8 tile of weights (16 words of k x 16 columns x 4 bytes) into a 16 x 16 int32 tile,
// the same exact u8 x s8 sums as vpdpbusd. The weight panels are the VNNI kernel's (32 columns, 4
// bytes of k per word), read as two 16-column tiles with a 128-byte stride, so the tables share the
// packing and the quantize / dequantize kernels. A call computes up to 32 rows x 32 columns in four
// accumulator tiles: TDPBUSD into one accumulator waits for the previous one (no renaming), so two
// chains left the unit idle most of the time. With 16 rows or fewer, the second pair of
// accumulators takes every other 64-byte step of k and is added at the end. Rows past `rows` come
// from a zero-padded copy (they add nothing); the depth is whole tiles (words_align = 16: weight
// panels and A rows padded once, when packed), and a caller's odd depth is still padded per step.
#include <cpuid.h>
#include <immintrin.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ruvector/simd/gemm_i8_tables.hpp"

namespace ruvector::simd::detail {

namespace {

constexpr std::size_t kMr = 32;
constexpr std::size_t kTileRows = 16;
constexpr std::size_t kNr = 32;
constexpr std::size_t kWordsPerTile = 16;        // 64 bytes of k
constexpr std::size_t kPanelRowBytes = kNr * 4;  // one word-row of a weight panel
constexpr long kARowStride = kWordsPerTile * 4;  // of a padded A copy
constexpr long kPanelStride = static_cast<long>(kPanelRowBytes);

// The LDTILECFG operand (palette 1): tiles 0-3 hold C (16 x 16 int32: rows 0-15 x columns 0-15,
// 0-15 x 16-31, 16-31 x 0-15, 16-31 x 16-31), 4-5 A (rows 0-15, 16-31), 6-7 the two weight halves.
struct alignas(64) TileConfig {
  std::uint8_t palette = 1;
  std::uint8_t start_row = 0;
  std::uint8_t reserved[14] = {};
  std::uint16_t bytes_per_row[16] = {64, 64, 64, 64, 64, 64, 64, 64};
  std::uint8_t rows[16] = {16, 16, 16, 16, 16, 16, 16, 16};
};

// Whether this thread's tiles hold kConfig since its last GEMM began (see prepare_amx).
thread_local bool tiles_configured = false;

// Loaded at the start of every GEMM: another library in the process (a PyTorch or ONNX Runtime
// kernel) may have configured this thread's tiles differently since our last one. Between the
// tiles of one GEMM only our own code runs on the thread.
void prepare_amx() {
  static const TileConfig kConfig;
  _tile_loadconfig(&kConfig);
  tiles_configured = true;
}

// Rows [first, first + row_count) of A words [w, w + word_count) as a tile operand: in place when it
// is a full 16 x 16-word block, else a zero-padded copy in `padded`.
const void* a_operand(const std::uint32_t* a, std::size_t lda, std::size_t first, std::size_t row_count, std::size_t w,
                      std::size_t word_count, std::uint32_t* padded, long* stride) {
  if (row_count == kTileRows && word_count == kWordsPerTile) {
    *stride = static_cast<long>(lda * sizeof(std::uint32_t));
    return a + first * lda + w;
  }
  std::memset(padded, 0, kTileRows * kWordsPerTile * sizeof(std::uint32_t));
  for (std::size_t i = 0; i < row_count; ++i) {
    std::memcpy(padded + i * kWordsPerTile, a + (first + i) * lda + w, word_count * sizeof(std::uint32_t));
  }
  *stride = kARowStride;
  return padded;
}

void tile_amx(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
              std::size_t rows) {
  if (!tiles_configured) prepare_amx();  // a caller that skipped prepare
  const std::size_t upper = std::min(rows, kTileRows);
  const std::size_t lower = rows - upper;
  _tile_zero(0);
  _tile_zero(1);
  _tile_zero(2);
  _tile_zero(3);
  alignas(64) std::uint32_t a_padded[kTileRows * kWordsPerTile];
  alignas(64) std::int8_t b_padded[kWordsPerTile * kPanelRowBytes];
  std::size_t step = 0;
  for (std::size_t w = 0; w < words; w += kWordsPerTile, ++step) {
    const std::size_t word_count = std::min(kWordsPerTile, words - w);
    const std::int8_t* b_tile = panel + w * kPanelRowBytes;
    if (word_count < kWordsPerTile) {
      std::memset(b_padded, 0, sizeof b_padded);
      std::memcpy(b_padded, b_tile, word_count * kPanelRowBytes);
      b_tile = b_padded;
    }
    _tile_loadd(6, b_tile, kPanelStride);
    _tile_loadd(7, b_tile + 64, kPanelStride);
    long stride = 0;
    if (lower > 0) {
      _tile_loadd(4, a_operand(a, lda, 0, upper, w, word_count, a_padded, &stride), stride);
      _tile_dpbusd(0, 4, 6);
      _tile_dpbusd(1, 4, 7);
      _tile_loadd(5, a_operand(a, lda, kTileRows, lower, w, word_count, a_padded, &stride), stride);
      _tile_dpbusd(2, 5, 6);
      _tile_dpbusd(3, 5, 7);
    } else if (step % 2 == 0) {
      _tile_loadd(4, a_operand(a, lda, 0, upper, w, word_count, a_padded, &stride), stride);
      _tile_dpbusd(0, 4, 6);
      _tile_dpbusd(1, 4, 7);
    } else {
      _tile_loadd(5, a_operand(a, lda, 0, upper, w, word_count, a_padded, &stride), stride);
      _tile_dpbusd(2, 5, 6);
      _tile_dpbusd(3, 5, 7);
    }
  }
  constexpr std::size_t kLowerHalf = kTileRows * kNr;
  _tile_stored(0, c, kPanelStride);
  _tile_stored(1, c + 16, kPanelStride);
  if (lower > 0) {
    _tile_stored(2, c + kLowerHalf, kPanelStride);
    _tile_stored(3, c + kLowerHalf + 16, kPanelStride);
    return;
  }
  // The odd steps' sums, added to the even steps' (exact: the same int32 sums in another order).
  alignas(64) std::int32_t odd[kTileRows * kNr];
  _tile_stored(2, odd, kPanelStride);
  _tile_stored(3, odd + 16, kPanelStride);
  for (std::size_t i = 0; i < upper * kNr; ++i) c[i] += odd[i];
}

// AMX-TILE and AMX-INT8 (CPUID leaf 7 EDX bits 24, 25), and the kernel's permission to use the
// tile state (Linux >= 5.16: arch_prctl ARCH_REQ_XCOMP_PERM for XTILEDATA, once per process).
bool amx_usable() noexcept {
  unsigned eax = 0;
  unsigned ebx = 0;
  unsigned ecx = 0;
  unsigned edx = 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  if ((edx & (1U << 24U)) == 0 || (edx & (1U << 25U)) == 0) return false;
  constexpr long kArchReqXcompPerm = 0x1023;
  constexpr long kXfeatureXtiledata = 18;
  return syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0;
}

}  // namespace

const I8Kernels* avx512_amx_i8_table() noexcept {
  static const I8Kernels* table = []() -> const I8Kernels* {
    const I8Kernels* vnni = avx512_vnni_i8_table();
    if (vnni == nullptr || vnni->nr != kNr || vnni->k_group != 4 || !cpu_has_avx512_vnni() || !amx_usable()) {
      return nullptr;
    }
    static I8Kernels amx = *vnni;
    amx.mr = kMr;
    amx.tile = tile_amx;
    amx.prepare = prepare_amx;
    amx.words_align = kWordsPerTile;
    return &amx;
  }();
  return table;
}

}  // namespace ruvector::simd::detail
