// Backing the rerank rows with 2 MB pages. Exact reranking reads one stored row per candidate at
// random over the whole index: with 4 KB pages almost every row costs a TLB miss and a page walk
// (measured at 1M x 128, f32: ~7% of the search time). The rows live in per-list vectors, so the
// address ranges of all of them are merged where they are (nearly) adjacent -- the heap lays the
// lists out one after another -- and each merged range is collapsed into huge pages with
// MADV_COLLAPSE (Linux >= 6.1; synchronous, so it does not wait for khugepaged). Only whole 2 MB
// pages inside a range are touched, contents never change, and any failure (older kernel, THP
// disabled, no free huge pages) just leaves 4 KB pages: it is a hint.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#endif

namespace ruvector::rabitq {

// `ranges` holds [begin, end) byte addresses; it is sorted in place.
inline void collapse_to_huge_pages(std::vector<std::pair<std::uintptr_t, std::uintptr_t>>& ranges) noexcept {
  std::sort(ranges.begin(), ranges.end());
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#ifndef MADV_COLLAPSE
  constexpr int kCollapse = 25;  // <asm-generic/mman-common.h>; glibc < 2.37 does not define it
#else
  constexpr int kCollapse = MADV_COLLAPSE;
#endif
  constexpr std::uintptr_t kHuge = std::uintptr_t{2} << 20U;
  constexpr std::uintptr_t kJoinGap = std::uintptr_t{64} << 10U;  // the list's other arrays in between
  std::size_t i = 0;
  while (i < ranges.size()) {
    const std::uintptr_t begin = ranges[i].first;
    std::uintptr_t end = ranges[i].second;
    for (++i; i < ranges.size() && ranges[i].first <= end + kJoinGap; ++i) end = std::max(end, ranges[i].second);
    const std::uintptr_t lo = (begin + kHuge - 1) & ~(kHuge - 1);
    const std::uintptr_t hi = end & ~(kHuge - 1);
    // NOLINTNEXTLINE(performance-no-int-to-ptr): an address range handed to the kernel, not dereferenced
    if (hi > lo) (void)madvise(reinterpret_cast<void*>(lo), hi - lo, kCollapse);
  }
#endif
}

}  // namespace ruvector::rabitq
