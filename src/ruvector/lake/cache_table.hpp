// The cache's bookkeeping, without locking or I/O (the Lake holds its mutex around every call):
// entries, each holding one index with its bundle witness and what its checks established
// (BundleTrust); pointers from (backend, collection) keys to entries; reference counts, LRU order
// and the counters. Keys share an entry by bundle witness when its trust satisfies theirs and it
// was built in their partition (Lake::PartitionRef::id, or none: an index built in another
// partition has other lists, and federated searches rely on a shard's lists); a witness has
// more than one entry only when keys of different trust or partitions hold it (an entry's id is its
// witness, then "<witness>#<n>").
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
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

#include "ruvector/lake/backend.hpp"
#include "ruvector/lake/bundle.hpp"
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
    std::string entry;    // the entry's id
    std::string witness;  // its bundle witness
    Clock::time_point last_checked;
    std::uint64_t check = 0;  // the coherence check that set it: later checks win, never earlier ones
    bool pinned = false;
  };

  explicit CacheTable(CacheLimits limits) : limits_(limits) {}

  [[nodiscard]] const Pointer* pointer(const CollectionKey& key) const;
  // The id of an entry for `witness` built in `partition` (an id; "": its own) that may serve a key
  // trusting `required`, if any.
  [[nodiscard]] std::optional<std::string> find(const std::string& witness,
                                                std::span<const witness::NoteVerifier> required,
                                                const std::string& partition) const;
  [[nodiscard]] const BundleTrust& trust_of(const std::string& entry) const { return entries_.at(entry).trust; }
  // The entry's index, marked as most recently used. The entry must exist.
  IndexPtr use(const std::string& entry);

  // Adds an index under `witness`, built in `partition` (an id; "": its own); returns its entry's id
  // and whether it is new. An entry of the same index bytes (equal index roots, both checked) and
  // partition takes the new signers instead.
  std::pair<std::string, bool> insert(const std::string& witness, IndexPtr index, const BundleDescriptor& bundle,
                                      BundleTrust trust, std::string partition);
  // The descriptor of an existing entry.
  [[nodiscard]] const BundleDescriptor& bundle_of(const std::string& entry) const { return entries_.at(entry).bundle; }
  // Points `key` at an existing entry; the old entry goes if nothing else points at it.
  void point(const CollectionKey& key, const std::string& entry, std::uint64_t check, Clock::time_point now);
  void mark_checked(const CollectionKey& key, Clock::time_point now);
  // Removes the key's pointer; returns whether there was one.
  bool drop_pointer(const CollectionKey& key);
  // Pinned keys keep their entry out of LRU eviction. Pinning an unprimed key is remembered.
  void set_pinned(const CollectionKey& key, bool pinned);
  // Evicts LRU unpinned entries (never the entry `keep`) until within the limits, or nothing is evictable.
  void evict_over_limits(const std::string& keep);

  void count(const CollectionKey& key, std::uint64_t CacheStats::* counter);
  void record_prime(const CollectionKey& key, double ms);

  [[nodiscard]] std::size_t entry_count() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept { return bytes_; }
  // Keys pointing at entries of `witness`.
  [[nodiscard]] std::uint32_t refcount_of(const std::string& witness) const;
  [[nodiscard]] const CacheStats& stats() const noexcept { return stats_; }
  [[nodiscard]] const std::map<std::string, CacheStats>& stats_by_backend() const noexcept { return by_backend_; }
  [[nodiscard]] const std::map<CollectionKey, CacheStats>& stats_by_collection() const noexcept {
    return by_collection_;
  }

 private:
  struct Entry {
    std::string witness;
    std::string partition;  // the id of what it was built in ("": its own); keys of another never share it
    BundleTrust trust;
    IndexPtr index;
    BundleDescriptor bundle;
    std::size_t bytes = 0;
    std::uint64_t last_used = 0;
    std::uint32_t refcount = 0;
  };
  void release(const std::string& entry, const CollectionKey& key);
  void erase_entry(std::unordered_map<std::string, Entry>::iterator it);
  [[nodiscard]] bool over_limits() const noexcept;
  // The least recently used entry that is neither `keep` nor pinned by a key, or entries_.end().
  std::unordered_map<std::string, Entry>::iterator eviction_victim(const std::string& keep);
  // Removes every key's pointer to `entry`, counting an invalidation for each (or one if none).
  void invalidate_pointers_to(const std::string& entry);

  CacheLimits limits_;
  std::unordered_map<std::string, Entry> entries_;
  std::map<CollectionKey, Pointer> pointers_;
  std::map<CollectionKey, bool> pins_;  // pins of keys, primed or not
  std::size_t bytes_ = 0;
  std::uint64_t tick_ = 0;
  std::uint64_t variants_ = 0;  // numbers the second and later entries of a witness
  CacheStats stats_;
  std::map<std::string, CacheStats> by_backend_;
  std::map<CollectionKey, CacheStats> by_collection_;
};

}  // namespace ruvector::lake
