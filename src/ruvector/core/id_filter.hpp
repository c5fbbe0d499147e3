// Which ids a search may return: a predicate the indexes call per candidate during their scan, so
// a filtered search still returns k hits when at least k rows pass (not the survivors of an
// unfiltered top k). Empty = every id. Called from several search threads at once.
#pragma once

#include <cstdint>
#include <functional>

namespace ruvector {

using IdFilter = std::function<bool(std::uint64_t id)>;

}  // namespace ruvector
