// AMX-INT8 tile (Sapphire Rapids and later): one TDPBUSD multiplies a 16 x 64 u8 tile of activations
// by a 16 x 64 s8 tile of weights (16 words of k x 16 columns x 4 bytes) into a 16 x 16 int32 tile,
// the same exact u8 x s8 sums as vpdpbusd. The weight panels are the VNNI kernel's (32 columns, 4
// bytes of k per word), read as two 16-column tiles with a 128-byte stride, so the tables share the
// packing and the quantize / dequantize kernels. A call computes up to 16 rows x 32 columns; rows
// past `rows` and words past a multiple of 16 come from zero-padded copies (they add nothing).
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

constexpr std::size_t kMr = 16;
constexpr std::size_t kNr = 32;
constexpr std::size_t kWordsPerTile = 16;        // 64 bytes of k
constexpr std::size_t kPanelRowBytes = kNr * 4;  // one word-row of a weight panel
constexpr long kARowStride = kWordsPerTile * 4;  // of a padded A copy
constexpr long kPanelStride = static_cast<long>(kPanelRowBytes);

// The LDTILECFG operand (palette 1): tiles 0-1 hold C (16 x 16 int32), 2 A, 3-4 the two weight halves.
struct alignas(64) TileConfig {
  std::uint8_t palette = 1;
  std::uint8_t start_row = 0;
  std::uint8_t reserved[14] = {};
  std::uint16_t bytes_per_row[16] = {64, 64, 64, 64, 64};
  std::uint8_t rows[16] = {16, 16, 16, 16, 16};
};

void tile_amx(const std::uint32_t* a, std::size_t lda, const std::int8_t* panel, std::size_t words, std::int32_t* c,
              std::size_t rows) {
  // Loaded on every call: another library in the process (a PyTorch or ONNX Runtime kernel) may
  // have configured the tiles of this thread differently since our last call.
  static const TileConfig kConfig;
  _tile_loadconfig(&kConfig);
  _tile_zero(0);
  _tile_zero(1);
  alignas(64) std::uint32_t a_padded[kMr * kWordsPerTile];
  alignas(64) std::int8_t b_padded[kWordsPerTile * kPanelRowBytes];
  for (std::size_t w = 0; w < words; w += kWordsPerTile) {
    const std::size_t count = std::min(kWordsPerTile, words - w);
    const void* a_tile = a + w;
    long a_stride = static_cast<long>(lda * sizeof(std::uint32_t));
    if (rows < kMr || count < kWordsPerTile) {
      std::memset(a_padded, 0, sizeof a_padded);
      for (std::size_t i = 0; i < rows; ++i) {
        std::memcpy(a_padded + i * kWordsPerTile, a + i * lda + w, count * sizeof(std::uint32_t));
      }
      a_tile = a_padded;
      a_stride = kARowStride;
    }
    const std::int8_t* b_tile = panel + w * kPanelRowBytes;
    if (count < kWordsPerTile) {
      std::memset(b_padded, 0, sizeof b_padded);
      std::memcpy(b_padded, b_tile, count * kPanelRowBytes);
      b_tile = b_padded;
    }
    _tile_loadd(2, a_tile, a_stride);
    _tile_loadd(3, b_tile, kPanelStride);
    _tile_loadd(4, b_tile + 64, kPanelStride);
    _tile_dpbusd(0, 2, 3);
    _tile_dpbusd(1, 2, 4);
  }
  _tile_stored(0, c, kPanelStride);
  _tile_stored(1, c + 16, kPanelStride);
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
    return &amx;
  }();
  return table;
}

}  // namespace ruvector::simd::detail
