// One interface for the distance kernels, one implementation per instruction set, chosen at run
// time natively (the wheel must run on any x86-64) and at compile time in wasm (simd128).
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

namespace ruvector::simd {

enum class Isa : int { kScalar = 0, kAvx2 = 1, kAvx512 = 2, kSimd128 = 3 };

std::string_view isa_name(Isa isa) noexcept;

struct Kernels {
  Isa isa;
  float (*l2sq)(const float* a, const float* b, std::size_t dim);
  float (*dot)(const float* a, const float* b, std::size_t dim);
  // 1 - cos(a, b); see cosine_from_parts.
  float (*cosine)(const float* a, const float* b, std::size_t dim);
  // Number of differing bits between two packed bit strings of `bytes` bytes.
  std::uint64_t (*hamming)(const std::uint8_t* a, const std::uint8_t* b, std::size_t bytes);
  // out[j] = sum_i x[i] * mt[i * m + j] for j < m, each lane summed in ascending i with a separate
  // multiply and add (no FMA): every ISA returns bit-identical floats, which keeps rotations,
  // k-means and codes identical natively and in wasm.
  void (*dots_transposed)(const float* x, const float* mt, std::size_t d, std::size_t m, float* out);
  // FastScan: for each block of 32 codes, out[b * 32 + v] = sum_g lut[g * 16 + nibble_g(v)], where
  // block b holds `groups` x 16 bytes and byte j of group g is nibble_g(j) | nibble_g(j + 16) << 4.
  // `groups` must be a multiple of 4. Integer sums: identical on every ISA.
  void (*fastscan)(const std::uint8_t* blocks, std::size_t nblocks, const std::uint8_t* lut, std::size_t groups,
                   std::uint16_t* out);
};

inline constexpr std::size_t kFastScanBlock = 32;  // codes per FastScan block

// The one definition of the cosine distance every kernel finishes with: 1 when a norm is zero.
inline float cosine_from_parts(float dot, float norm_a_sq, float norm_b_sq) noexcept {
  const float denom = norm_a_sq * norm_b_sq;
  if (!(denom > 0.0F)) return 1.0F;
  return 1.0F - dot / std::sqrt(denom);
}

struct CpuFeatures {
  bool popcnt = false;
  bool fma = false;
  bool avx2 = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vpopcntdq = false;
  bool simd128 = false;  // wasm SIMD (compile-time: the wasm build always uses it)

  // Every flag by the name the bindings report it under (cpu_features() / cpuFeatures()), in one
  // list so that every target reports the same keys.
  [[nodiscard]] std::array<std::pair<std::string_view, bool>, 7> named() const noexcept {
    return {{{"popcnt", popcnt},
             {"fma", fma},
             {"avx2", avx2},
             {"avx512f", avx512f},
             {"avx512bw", avx512bw},
             {"avx512vpopcntdq", avx512vpopcntdq},
             {"simd128", simd128}}};
  }
};

CpuFeatures cpu_features() noexcept;

// ISAs this build has kernels for AND this CPU can run, scalar first, best last.
std::span<const Isa> available_isas() noexcept;

// The kernels of `isa`; throws InvalidInput if this build or CPU cannot run them.
const Kernels& kernels_for(Isa isa);

// InvalidInput "ISA 'avx512' is not available in this build or on this CPU".
[[noreturn]] void throw_unavailable_isa(Isa isa);

// *table, the kernel table of `isa` a family (GEMM, int8 GEMM) has in this build or nullptr;
// InvalidInput unless it exists and `isa` is available.
template <class Table>
const Table& available_table(Isa isa, const Table* table) {
  bool available = false;
  for (const Isa a : available_isas()) available = available || a == isa;
  if (table == nullptr || !available) throw_unavailable_isa(isa);
  return *table;
}

// The kernels used by the library: the best available ISA, unless the environment variable
// RUVECTOR_ISA names another available one ("scalar", "avx2", "avx512", "simd128"), which is how
// tests exercise the fallback path of a CPU without AVX2.
const Kernels& active_kernels();

}  // namespace ruvector::simd
