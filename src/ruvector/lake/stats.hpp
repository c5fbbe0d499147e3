// Cache counters, kept per lake, per backend and per (backend, collection) (upstream's CacheStats).
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

namespace ruvector::lake {

struct CacheStats {
  std::uint64_t hits = 0;           // searches answered from the cache without a prime
  std::uint64_t misses = 0;         // coherence checks that found the cache absent or stale
  std::uint64_t primes = 0;         // pulls + builds
  std::uint64_t invalidations = 0;  // entries dropped (stale, evicted) or pointers invalidated
  std::uint64_t shared_hits = 0;    // misses served by an entry another key had already primed
  std::uint64_t warm_installs = 0;  // entries installed from a saved snapshot, without a prime
  double total_prime_ms = 0.0;
  double last_prime_ms = 0.0;
};

struct CollectionKey {
  std::string backend;
  std::string collection;
  friend bool operator<(const CollectionKey& a, const CollectionKey& b) {
    return std::tie(a.backend, a.collection) < std::tie(b.backend, b.collection);
  }
  friend bool operator==(const CollectionKey& a, const CollectionKey& b) = default;
};

}  // namespace ruvector::lake
