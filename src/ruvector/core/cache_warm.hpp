// Reading memory ahead of use: after a pass that streamed a whole file through the CPU caches, the
// few structures every search reads are evicted and the search code has gone cold. Reading them
// once more at the end of a load puts them back in the caches and the TLB, and reading one byte of
// each page of a file mapping maps that page into the process (a minor fault now, not in a search).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ruvector {

// Reads one byte of every 64-byte cache line of `bytes`; returns their sum, which the caller must
// use (or store to a volatile) so the reads are not optimised away.
inline std::uint64_t read_each_cache_line(std::span<const std::uint8_t> bytes) noexcept {
  constexpr std::size_t kLine = 64;
  std::uint64_t sum = 0;
  for (std::size_t at = 0; at < bytes.size(); at += kLine) sum += bytes[at];
  return sum;
}

// Reads one byte of every 4 KiB (on systems with larger pages, of every page too); returns their sum.
inline std::uint64_t read_each_page(std::span<const std::uint8_t> bytes) noexcept {
  constexpr std::size_t kPage = 4096;
  std::uint64_t sum = 0;
  for (std::size_t at = 0; at < bytes.size(); at += kPage) sum += bytes[at];
  if (!bytes.empty()) sum += bytes.back();  // the last page, when the span ends just inside it
  return sum;
}

// The bytes of `count` values at `data`, for the two readers above.
template <class T>
std::span<const std::uint8_t> bytes_of(const T* data, std::size_t count) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(data), count * sizeof(T)};
}

}  // namespace ruvector
