// Minor page faults taken by the calling thread while `f` runs (getrusage RUSAGE_THREAD, Linux): a
// page of a file mapping that this process has not mapped yet costs one when first read, even if
// the file is in the page cache.
#pragma once

#if defined(__linux__)
#include <sys/resource.h>

#include <cstdint>

namespace ruvector::test {

// AddressSanitizer quarantines freed memory, so under it any search's allocations fault in fresh
// heap pages: a count of zero faults can only be asserted with the ordinary allocator.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAllocationsReuseFreedPages = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAllocationsReuseFreedPages = false;
#else
inline constexpr bool kAllocationsReuseFreedPages = true;
#endif
#else
inline constexpr bool kAllocationsReuseFreedPages = true;
#endif

template <class F>
std::int64_t minor_faults_of(F&& f) {
  const auto faults = [] {
    rusage usage{};
    (void)getrusage(RUSAGE_THREAD, &usage);
    return static_cast<std::int64_t>(usage.ru_minflt);
  };
  const std::int64_t before = faults();
  f();
  return faults() - before;
}

}  // namespace ruvector::test
#endif
