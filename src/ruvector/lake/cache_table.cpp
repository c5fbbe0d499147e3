#include "ruvector/lake/cache_table.hpp"

#include <vector>

namespace ruvector::lake {

const CacheTable::Pointer* CacheTable::pointer(const CollectionKey& key) const {
  const auto it = pointers_.find(key);
  return it == pointers_.end() ? nullptr : &it->second;
}

std::optional<std::string> CacheTable::find(const std::string& witness, std::span<const witness::NoteVerifier> required,
                                            const std::string& partition) const {
  const auto serves = [&](const Entry& entry) {
    return entry.witness == witness && entry.partition == partition && trusted_by(entry.trust, required);
  };
  // The common case first: the witness's first entry under its own id.
  const auto first = entries_.find(witness);
  if (first != entries_.end() && serves(first->second)) return witness;
  for (const auto& [id, entry] : entries_) {
    if (serves(entry)) return id;
  }
  return std::nullopt;
}

IndexPtr CacheTable::use(const std::string& entry) {
  Entry& e = entries_.at(entry);
  e.last_used = ++tick_;
  return e.index;
}

std::pair<std::string, bool> CacheTable::insert(const std::string& witness, IndexPtr index,
                                                const BundleDescriptor& bundle, BundleTrust trust,
                                                std::string partition) {
  if (trust.index_root) {
    for (auto& [id, entry] : entries_) {
      if (entry.witness != witness || entry.partition != partition || entry.trust.index_root != trust.index_root) {
        continue;
      }
      // The same bytes, checked again: whoever signed them now vouches for this entry too.
      for (witness::NoteVerifier& signer : trust.signers) {
        if (!trusted_by(entry.trust, std::span(&signer, 1))) entry.trust.signers.push_back(std::move(signer));
      }
      return {id, false};
    }
  }
  std::string id = entries_.contains(witness) ? witness + "#" + std::to_string(++variants_) : witness;
  Entry entry;
  entry.witness = witness;
  entry.partition = std::move(partition);
  entry.trust = std::move(trust);
  entry.bundle = bundle;
  entry.bytes = index->memory_bytes();
  entry.index = std::move(index);
  entry.last_used = ++tick_;
  bytes_ += entry.bytes;
  entries_.emplace(id, std::move(entry));
  return {std::move(id), true};
}

void CacheTable::point(const CollectionKey& key, const std::string& entry, std::uint64_t check, Clock::time_point now) {
  Entry& target = entries_.at(entry);
  ++target.refcount;
  target.last_used = ++tick_;
  auto [it, inserted] = pointers_.try_emplace(key);
  if (!inserted) {
    const std::string old = it->second.entry;
    it->second.entry = entry;
    release(old, key);
  } else {
    it->second.entry = entry;
    const auto pin = pins_.find(key);
    it->second.pinned = pin != pins_.end() && pin->second;
  }
  it->second.witness = target.witness;
  it->second.last_checked = now;
  it->second.check = check;
}

void CacheTable::mark_checked(const CollectionKey& key, Clock::time_point now) {
  const auto it = pointers_.find(key);
  if (it != pointers_.end()) it->second.last_checked = now;
}

void CacheTable::release(const std::string& entry, const CollectionKey& key) {
  const auto it = entries_.find(entry);
  if (it == entries_.end()) return;
  if (--it->second.refcount == 0) {
    erase_entry(it);
    count(key, &CacheStats::invalidations);
  }
}

void CacheTable::erase_entry(std::unordered_map<std::string, Entry>::iterator it) {
  bytes_ -= it->second.bytes;
  entries_.erase(it);
}

bool CacheTable::drop_pointer(const CollectionKey& key) {
  const auto it = pointers_.find(key);
  if (it == pointers_.end()) return false;
  const std::string id = it->second.entry;
  pointers_.erase(it);
  const auto entry = entries_.find(id);
  if (entry != entries_.end() && --entry->second.refcount == 0) erase_entry(entry);
  count(key, &CacheStats::invalidations);
  return true;
}

void CacheTable::set_pinned(const CollectionKey& key, bool pinned) {
  pins_[key] = pinned;
  const auto it = pointers_.find(key);
  if (it != pointers_.end()) it->second.pinned = pinned;
}

bool CacheTable::over_limits() const noexcept {
  return (limits_.max_entries != 0 && entries_.size() > limits_.max_entries) ||
         (limits_.max_bytes != 0 && bytes_ > limits_.max_bytes);
}

std::unordered_map<std::string, CacheTable::Entry>::iterator CacheTable::eviction_victim(const std::string& keep) {
  std::unordered_map<std::string, bool> pinned;
  for (const auto& [key, p] : pointers_) pinned[p.entry] = pinned[p.entry] || p.pinned;
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == keep || pinned[it->first]) continue;
    if (victim == entries_.end() || it->second.last_used < victim->second.last_used) victim = it;
  }
  return victim;
}

void CacheTable::invalidate_pointers_to(const std::string& entry) {
  std::vector<CollectionKey> keys;
  for (const auto& [key, p] : pointers_) {
    if (p.entry == entry) keys.push_back(key);
  }
  for (const CollectionKey& key : keys) {
    pointers_.erase(key);
    count(key, &CacheStats::invalidations);
  }
  if (keys.empty()) ++stats_.invalidations;
}

void CacheTable::evict_over_limits(const std::string& keep) {
  while (over_limits()) {
    const auto victim = eviction_victim(keep);
    if (victim == entries_.end()) return;  // everything left is pinned or in use: over budget by choice
    invalidate_pointers_to(victim->first);
    erase_entry(victim);
  }
}

void CacheTable::count(const CollectionKey& key, std::uint64_t CacheStats::* counter) {
  ++(stats_.*counter);
  ++(by_backend_[key.backend].*counter);
  ++(by_collection_[key].*counter);
}

void CacheTable::record_prime(const CollectionKey& key, double ms) {
  count(key, &CacheStats::primes);
  for (CacheStats* s : {&stats_, &by_backend_[key.backend], &by_collection_[key]}) {
    s->total_prime_ms += ms;
    s->last_prime_ms = ms;
  }
}

std::uint32_t CacheTable::refcount_of(const std::string& witness) const {
  std::uint32_t count = 0;
  for (const auto& [id, entry] : entries_) {
    if (entry.witness == witness) count += entry.refcount;
  }
  return count;
}

}  // namespace ruvector::lake
