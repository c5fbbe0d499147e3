// splitmix64 (Steele, Lea, Flood 2014): one step of the generator, also a good 64-bit mixer. Seeds
// the rotation RNG, makes JSON-RPC ids and spreads ids over shards.
#pragma once

#include <cstdint>

namespace ruvector {

// Advances `state` by the golden gamma and returns the mixed value.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31U);
}

}  // namespace ruvector
