#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#include <immintrin.h>
#endif

#include "ruvector/core/error.hpp"
#include "ruvector/simd/gemm_i8_tables.hpp"
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

namespace {

#if defined(__x86_64__) || defined(_M_X64)
// CPUID and XGETBV, not __builtin_cpu_supports: the compiler-rt of the manylinux wheel's toolchain
// (zig) answered "no" to every feature there, and the wheel silently ran its scalar kernels.
struct X86Cpu {
  CpuFeatures features;
  bool avx512vnni = false;  // the INT8 GEMM's check (gemm_i8.cpp), not one of the reported features
};

// Only called once CPUID says the OS enabled XSAVE (OSXSAVE), so the instruction exists.
__attribute__((target("xsave"))) std::uint64_t read_xcr0() noexcept {
  return _xgetbv(0);
}

X86Cpu read_x86_cpu() noexcept {
  X86Cpu cpu;
  unsigned eax = 0;
  unsigned ebx = 0;
  unsigned ecx = 0;
  unsigned edx = 0;
  if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0) return cpu;
  cpu.features.popcnt = (ecx & (1U << 23U)) != 0;
  const bool osxsave = (ecx & (1U << 27U)) != 0;
  const bool avx = (ecx & (1U << 28U)) != 0;
  // The OS must save the registers too: XMM+YMM state for AVX/FMA/AVX2, opmask+ZMM for AVX-512.
  const std::uint64_t xcr0 = osxsave ? read_xcr0() : 0;
  const bool os_avx = avx && (xcr0 & 0x6U) == 0x6U;
  const bool os_avx512 = os_avx && (xcr0 & 0xE0U) == 0xE0U;
  cpu.features.fma = os_avx && (ecx & (1U << 12U)) != 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return cpu;
  cpu.features.avx2 = os_avx && (ebx & (1U << 5U)) != 0;
  cpu.features.avx512f = os_avx512 && (ebx & (1U << 16U)) != 0;
  cpu.features.avx512bw = os_avx512 && (ebx & (1U << 30U)) != 0;
  cpu.avx512vnni = os_avx512 && (ecx & (1U << 11U)) != 0;
  cpu.features.avx512vpopcntdq = os_avx512 && (ecx & (1U << 14U)) != 0;
  return cpu;
}

const X86Cpu& x86_cpu() noexcept {
  static const X86Cpu cpu = read_x86_cpu();
  return cpu;
}
#endif

}  // namespace

CpuFeatures cpu_features() noexcept {
  CpuFeatures f;
#if defined(__EMSCRIPTEN__)
  f.simd128 = true;
#elif defined(__x86_64__) || defined(_M_X64)
  f = x86_cpu().features;
#endif
  return f;
}

bool cpu_has_avx512_vnni() noexcept {
#if defined(__x86_64__) || defined(_M_X64)
  return x86_cpu().avx512vnni;
#else
  return false;
#endif
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
