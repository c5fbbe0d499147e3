// LocalBackend: collections held in memory, each with a generation counter that every write bumps.
// The reference backend for tests and demos, and the one an application writes to directly.
#pragma once

#include <cstdint>
#include <map>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ruvector/lake/backend.hpp"

namespace ruvector::lake {

class LocalBackend final : public Backend {
 public:
  explicit LocalBackend(std::string id);

  // Replaces (or creates) `collection` with these rows. Everything is validated first (shape,
  // NaN/Inf, duplicate ids): on error nothing changes.
  void put_collection(const std::string& collection, std::size_t dim, std::span<const std::uint64_t> ids,
                      std::span<const float> vectors);
  // Adds rows to an existing collection; an id already present is InvalidInput.
  void append(const std::string& collection, std::span<const std::uint64_t> ids, std::span<const float> vectors);
  // Removes these ids (unknown ones are ignored); bumps the generation only if something went.
  std::size_t delete_ids(const std::string& collection, std::span<const std::uint64_t> ids);
  // Removes the whole collection; returns whether it existed.
  bool drop_collection(const std::string& collection);

  [[nodiscard]] std::string id() const override { return id_; }
  [[nodiscard]] std::vector<std::string> list_collections() const override;
  [[nodiscard]] PulledBatch pull(const std::string& collection) const override;
  [[nodiscard]] Generation generation(const std::string& collection) const override;
  [[nodiscard]] std::size_t dimension(const std::string& collection) const override;
  [[nodiscard]] std::string data_ref(const std::string& collection) const override;

 private:
  struct Collection {
    std::size_t dim = 0;
    std::vector<std::uint64_t> ids;
    std::vector<float> vectors;
    std::unordered_map<std::uint64_t, std::size_t> row_of_id;
    std::uint64_t generation = 0;
  };
  const Collection& find(const std::string& collection) const;

  std::string id_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, Collection> collections_;
  // One clock for the whole backend: a collection dropped and put again never repeats a generation
  // (and so never matches a cache entry of its earlier contents).
  std::uint64_t clock_ = 0;
};

// Throws InvalidInput naming the first id that repeats within `ids`.
void check_unique_ids(std::span<const std::uint64_t> ids);

// Validates rows written to a backend (dim range, shape, one id per row, NaN/Inf, unique ids);
// returns the row count. No rows at all is allowed: an empty collection.
std::size_t checked_rows(std::size_t dim, std::span<const std::uint64_t> ids, std::span<const float> vectors);

}  // namespace ruvector::lake
