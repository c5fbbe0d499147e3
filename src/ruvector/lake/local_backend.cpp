#include "ruvector/lake/local_backend.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_set>

#include "ruvector/core/check.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::lake {
std::size_t checked_rows(std::size_t dim, std::span<const std::uint64_t> ids, std::span<const float> vectors) {
  if (dim == 0 || dim > kMaxPulledDim) {
    throw_error(ErrorCode::kInvalidInput,
                "dim must be in [1, " + std::to_string(kMaxPulledDim) + "], got " + std::to_string(dim));
  }
  if (ids.empty() && vectors.empty()) return 0;
  const std::size_t rows = check_rows(vectors, dim, "vectors");
  if (ids.size() != rows) {
    throw_error(ErrorCode::kInvalidInput, "expected one id per vector: " + std::to_string(rows) + " vectors, " +
                                              std::to_string(ids.size()) + " ids");
  }
  check_finite(vectors, dim, "vectors");
  check_unique_ids(ids);
  return rows;
}

void check_unique_ids(std::span<const std::uint64_t> ids) {
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(ids.size());
  for (const std::uint64_t id : ids) {
    if (!seen.insert(id).second) throw_error(ErrorCode::kInvalidInput, "duplicate id " + std::to_string(id));
  }
}

LocalBackend::LocalBackend(std::string id) : id_(std::move(id)) {
  if (id_.empty()) throw_error(ErrorCode::kInvalidInput, "backend id must not be empty");
}

void LocalBackend::put_collection(const std::string& collection, std::size_t dim, std::span<const std::uint64_t> ids,
                                  std::span<const float> vectors) {
  const std::size_t rows = checked_rows(dim, ids, vectors);
  Collection fresh;
  fresh.dim = dim;
  fresh.ids.assign(ids.begin(), ids.end());
  fresh.vectors.assign(vectors.begin(), vectors.end());
  fresh.row_of_id.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) fresh.row_of_id.emplace(ids[i], i);
  const std::unique_lock lock(mutex_);
  auto& slot = collections_[collection];
  fresh.generation = ++clock_;
  slot = std::move(fresh);
}

void LocalBackend::append(const std::string& collection, std::span<const std::uint64_t> ids,
                          std::span<const float> vectors) {
  const std::unique_lock lock(mutex_);
  const auto it = collections_.find(collection);
  if (it == collections_.end()) throw_unknown_collection(id_, collection);
  Collection& c = it->second;
  const std::size_t rows = checked_rows(c.dim, ids, vectors);
  for (const std::uint64_t id : ids) {
    if (c.row_of_id.contains(id)) {
      throw_error(ErrorCode::kInvalidInput,
                  "id " + std::to_string(id) + " is already in collection '" + collection + "'");
    }
  }
  for (std::size_t i = 0; i < rows; ++i) c.row_of_id.emplace(ids[i], c.ids.size() + i);
  c.ids.insert(c.ids.end(), ids.begin(), ids.end());
  c.vectors.insert(c.vectors.end(), vectors.begin(), vectors.end());
  if (rows > 0) c.generation = ++clock_;
}

std::size_t LocalBackend::delete_ids(const std::string& collection, std::span<const std::uint64_t> ids) {
  const std::unique_lock lock(mutex_);
  const auto it = collections_.find(collection);
  if (it == collections_.end()) throw_unknown_collection(id_, collection);
  Collection& c = it->second;
  std::size_t removed = 0;
  for (const std::uint64_t id : ids) {
    const auto found = c.row_of_id.find(id);
    if (found == c.row_of_id.end()) continue;
    // Move the last row into the hole so deletion stays O(dim).
    const std::size_t row = found->second;
    const std::size_t last = c.ids.size() - 1;
    c.row_of_id.erase(found);
    if (row != last) {
      c.ids[row] = c.ids[last];
      std::copy_n(c.vectors.begin() + static_cast<std::ptrdiff_t>(last * c.dim), c.dim,
                  c.vectors.begin() + static_cast<std::ptrdiff_t>(row * c.dim));
      c.row_of_id[c.ids[row]] = row;
    }
    c.ids.pop_back();
    c.vectors.resize(c.vectors.size() - c.dim);
    ++removed;
  }
  if (removed > 0) c.generation = ++clock_;
  return removed;
}

bool LocalBackend::drop_collection(const std::string& collection) {
  const std::unique_lock lock(mutex_);
  return collections_.erase(collection) != 0;
}

std::vector<std::string> LocalBackend::list_collections() const {
  const std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  names.reserve(collections_.size());
  for (const auto& entry : collections_) names.push_back(entry.first);
  return names;
}

const LocalBackend::Collection& LocalBackend::find(const std::string& collection) const {
  const auto it = collections_.find(collection);
  if (it == collections_.end()) throw_unknown_collection(id_, collection);
  return it->second;
}

PulledBatch LocalBackend::pull(const std::string& collection) const {
  const std::shared_lock lock(mutex_);
  const Collection& c = find(collection);
  return PulledBatch{c.ids, c.vectors, c.dim, c.generation};
}

Generation LocalBackend::generation(const std::string& collection) const {
  const std::shared_lock lock(mutex_);
  return find(collection).generation;
}

std::size_t LocalBackend::dimension(const std::string& collection) const {
  const std::shared_lock lock(mutex_);
  return find(collection).dim;
}

std::string LocalBackend::data_ref(const std::string& collection) const {
  return "local://" + id_ + "/" + collection;
}

}  // namespace ruvector::lake
