// Row ids of the indexes. Caller ids must be new and distinct; automatic ids continue after the
// largest id ever added and never wrap past 2^64 - 1 or collide with an id in use: either is an
// InvalidInput error raised before anything changes.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "ruvector/core/error.hpp"

namespace ruvector {

inline constexpr std::uint64_t kMaxId = std::numeric_limits<std::uint64_t>::max();

// The next automatic id once `id` is stored: id + 1, saturating at kMaxId (after kMaxId itself is
// stored, the automatic id kMaxId collides and is refused).
[[nodiscard]] inline std::uint64_t next_auto_id(std::uint64_t next, std::uint64_t id) noexcept {
  if (id == kMaxId) return kMaxId;
  return id + 1 > next ? id + 1 : next;
}

// Checks `ids` (given by the caller) against each other and against the ids `in_use` reports.
template <class InUse>
void check_new_ids(std::span<const std::uint64_t> ids, const InUse& in_use) {
  std::unordered_set<std::uint64_t> seen;
  seen.reserve(ids.size());
  for (const std::uint64_t id : ids) {
    if (in_use(id) || !seen.insert(id).second)
      throw_error(ErrorCode::kInvalidInput, "duplicate id " + std::to_string(id));
  }
}

// The automatic ids next, next + 1, ... of `rows` new rows.
template <class InUse>
std::vector<std::uint64_t> automatic_ids(std::uint64_t next, std::size_t rows, const InUse& in_use) {
  if (rows == 0) return {};
  if (rows - 1 > kMaxId - next) {
    throw_error(ErrorCode::kInvalidInput, "automatic ids for " + std::to_string(rows) + " rows would pass " +
                                              std::to_string(kMaxId) + " (the next is " + std::to_string(next) +
                                              "): pass ids explicitly");
  }
  std::vector<std::uint64_t> ids(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    ids[r] = next + r;
    if (in_use(ids[r])) {
      throw_error(ErrorCode::kInvalidInput,
                  "automatic id " + std::to_string(ids[r]) + " is already in use: pass ids explicitly");
    }
  }
  return ids;
}

// The ids of `rows` new rows: `given` when the caller passed them (one per row, checked), else the
// automatic ones from `next`, held in `automatic`.
template <class InUse>
std::span<const std::uint64_t> ids_for_new_rows(std::span<const std::uint64_t> given, std::size_t rows,
                                                std::uint64_t next, const InUse& in_use,
                                                std::vector<std::uint64_t>& automatic) {
  if (given.empty()) {
    automatic = automatic_ids(next, rows, in_use);
    return automatic;
  }
  if (given.size() != rows) {
    throw_error(ErrorCode::kInvalidInput,
                "got " + std::to_string(given.size()) + " ids for " + std::to_string(rows) + " vectors");
  }
  check_new_ids(given, in_use);
  return given;
}

}  // namespace ruvector
