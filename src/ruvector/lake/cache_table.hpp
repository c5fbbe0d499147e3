// The cache's bookkeeping, without locking or I/O (the Lake holds its mutex around every call):
// entries keyed by bundle witness, each holding one built index; pointers from (backend,
// collection) keys to witnesses; reference counts, LRU order and the counters.
// An entry lives while some key points at it. Over `max_entries` or `max_bytes`, the least
// recently used entry whose keys are all unpinned is evicted together with its pointers (the next
// search on those keys primes again). Searches in flight keep their index alive through the
// shared_ptr, so eviction never pulls an index out from under a reader.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "ruvector/lake/backend.hpp"
#include "ruvector/lake/stats.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

namespace ruvector::lake {

using Clock = std::chrono::steady_clock;
using IndexPtr = std::shared_ptr<const rabitq::RabitqIndex>;

struct CacheLimits {
  std::size_t max_entries = 0;  // 0 = unbounded
  std::size_t max_bytes = 0;    // 0 = unbounded; counts RabitqIndex::memory_bytes()
};

class CacheTable {
 public:
  struct Pointer {
    std::string witness;
    Clock::time_point last_checked;
    std::uint64_t check = 0;  // the coherence check that set it: later checks win, never earlier ones
    bool pinned = false;
  };

  explicit CacheTable(CacheLimits limits) : limits_(limits) {}

  [[nodiscard]] const Pointer* pointer(const CollectionKey& key) const;
  [[nodiscard]] bool has_entry(const std::string& witness) const { return entries_.contains(witness); }
  // The entry's index, marked as most recently used. The entry must exist.
  IndexPtr use(const std::string& witness);

  // Adds a built index under `witness`, with the descriptor it was built from (a no-op when one is
  // already there).
  void insert(const std::string& witness, IndexPtr index, const BundleDescriptor& bundle);
  // The descriptor of an existing entry.
  [[nodiscard]] const BundleDescriptor& bundle_of(const std::string& witness) const {
    return entries_.at(witness).bundle;
  }
  // Points `key` at `witness` (whose entry must exist); the old entry goes if nothing else points at it.
  void point(const CollectionKey& key, const std::string& witness, std::uint64_t check, Clock::time_point now);
  void mark_checked(const CollectionKey& key, Clock::time_point now);
  // Removes the key's pointer; returns whether there was one.
  bool drop_pointer(const CollectionKey& key);
  // Pinned keys keep their entry out of LRU eviction. Pinning an unprimed key is remembered.
  void set_pinned(const CollectionKey& key, bool pinned);
  // Evicts LRU unpinned entries (never `keep`) until within the limits, or nothing is evictable.
  void evict_over_limits(const std::string& keep);

  void count(const CollectionKey& key, std::uint64_t CacheStats::* counter);
  void record_prime(const CollectionKey& key, double ms);

  [[nodiscard]] std::size_t entry_count() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  [[nodiscard]] std::uint32_t refcount_of(const std::string& witness) const;
  [[nodiscard]] const CacheStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const std::map<std::string, CacheStats>& stats_by_backend() const noexcept { return by_backend_; }
  [[nodiscard]] const std::map<CollectionKey, CacheStats>& stats_by_collection() const noexcept {
    return by_collection_;
  }

 private:
  struct Entry {
    IndexPtr index;
    BundleDescriptor bundle;
    std::size_t bytes = 0;
    std::uint64_t last_used = 0;
    std::uint32_t refcount = 0;
  };
  void release(const std::string& witness, const CollectionKey& key);
  void erase_entry(std::unordered_map<std::string, Entry>::iterator it);
  [[nodiscard]] bool over_limits() const noexcept;
  // The least recently used entry that is neither `keep` nor pinned by a key, or entries_.end().
  std::unordered_map<std::string, Entry>::iterator eviction_victim(const std::string& keep);
  // Removes every key's pointer to `witness`, counting an invalidation for each (or one if none).
  void invalidate_pointers_to(const std::string& witness);

  CacheLimits limits_;
  std::unordered_map<std::string, Entry> entries_;
  std::map<CollectionKey, Pointer> pointers_;
  std::map<CollectionKey, bool> pins_;  // pins of keys, primed or not
  std::size_t bytes_ = 0;
  std::uint64_t tick_ = 0;
  CacheStats stats_;
  std::map<std::string, CacheStats> by_backend_;
  std::map<CollectionKey, CacheStats> by_collection_;
};

}  // namespace ruvector::lake
