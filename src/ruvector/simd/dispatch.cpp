#include <array>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ruvector/core/error.hpp"
#include "ruvector/simd/kernel_tables.hpp"
#include "ruvector/simd/kernels.hpp"

namespace ruvector::simd {

std::string_view isa_name(Isa isa) noexcept {
  switch (isa) {
    case Isa::kScalar: return "scalar";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
    case Isa::kSimd128: return "simd128";
  }
  return "scalar";
}

CpuFeatures cpu_features() noexcept {
  CpuFeatures f;
#if defined(__EMSCRIPTEN__)
  f.simd128 = true;
#elif defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  // __builtin_cpu_supports also checks that the OS saves the AVX/AVX-512 register state.
  f.popcnt = __builtin_cpu_supports("popcnt") != 0;
  f.fma = __builtin_cpu_supports("fma") != 0;
  f.avx2 = __builtin_cpu_supports("avx2") != 0;
  f.avx512f = __builtin_cpu_supports("avx512f") != 0;
  f.avx512bw = __builtin_cpu_supports("avx512bw") != 0;
  f.avx512vpopcntdq = __builtin_cpu_supports("avx512vpopcntdq") != 0;
#endif
  return f;
}

namespace {

struct Registry {
  std::array<Isa, 4> isas{};
  std::size_t count = 0;
  std::array<const Kernels*, 4> tables{};  // indexed by Isa

  Registry() {
    const CpuFeatures f = cpu_features();
    add(Isa::kScalar, &detail::scalar_table());
#if defined(RUVECTOR_HAVE_AVX2)
    if (f.avx2 && f.fma && f.popcnt) add(Isa::kAvx2, detail::avx2_table());
#endif
#if defined(RUVECTOR_HAVE_AVX512)
    if (f.avx512f && f.avx512bw && f.avx2 && f.fma && f.popcnt) {
      add(Isa::kAvx512, detail::avx512_table(f.avx512vpopcntdq));
    }
#endif
#if defined(RUVECTOR_HAVE_SIMD128)
    add(Isa::kSimd128, detail::simd128_table());
#endif
    (void)f;
  }

  void add(Isa isa, const Kernels* table) {
    isas[count++] = isa;
    tables[static_cast<std::size_t>(isa)] = table;
  }
};

const Registry& registry() {
  static const Registry r;
  return r;
}

const Kernels& choose_active() {
  const Registry& r = registry();
  const char* forced = std::getenv("RUVECTOR_ISA");  // NOLINT(concurrency-mt-unsafe): read once
  if (forced != nullptr && *forced != '\0') {
    for (std::size_t i = 0; i < r.count; ++i) {
      if (isa_name(r.isas[i]) == forced) return *r.tables[static_cast<std::size_t>(r.isas[i])];
    }
    std::string names;
    for (std::size_t i = 0; i < r.count; ++i) names += (i ? ", " : "") + std::string(isa_name(r.isas[i]));
    throw_error(ErrorCode::kInvalidInput,
                "RUVECTOR_ISA=" + std::string(forced) + " is not available here (available: " + names + ")");
  }
  return *r.tables[static_cast<std::size_t>(r.isas[r.count - 1])];
}

}  // namespace

std::span<const Isa> available_isas() noexcept {
  const Registry& r = registry();
  return {r.isas.data(), r.count};
}

const Kernels& kernels_for(Isa isa) {
  const auto index = static_cast<std::size_t>(isa);
  const Registry& r = registry();
  if (index >= r.tables.size() || r.tables[index] == nullptr) throw_unavailable_isa(isa);
  return *r.tables[index];
}

void throw_unavailable_isa(Isa isa) {
  throw_error(ErrorCode::kInvalidInput,
              "ISA '" + std::string(isa_name(isa)) + "' is not available in this build or on this CPU");
}

const Kernels& active_kernels() {
  static const Kernels& active = choose_active();
  return active;
}

}  // namespace ruvector::simd
