// An allocation budget for tests of hostile input: while an AllocationBudget is alive on a thread,
// every operator new on that thread counts its bytes, and a request that would take the total past
// the limit throws std::bad_alloc at once (so a loader that trusts a header's counts fails fast
// instead of reserving gigabytes and spending minutes). The test binary replaces the global
// operator new / delete for this (alloc_budget.cpp); outside a budget they are malloc / free.
#pragma once

#include <cstddef>

namespace ruvector::test {

class AllocationBudget {
 public:
  explicit AllocationBudget(std::size_t limit_bytes) noexcept;
  AllocationBudget(const AllocationBudget&) = delete;
  AllocationBudget& operator=(const AllocationBudget&) = delete;
  ~AllocationBudget();

  [[nodiscard]] std::size_t used() const noexcept { return used_; }        // bytes requested so far
  [[nodiscard]] std::size_t refused() const noexcept { return refused_; }  // the request over the limit, or 0
  bool charge(std::size_t bytes) noexcept;                                 // false (and records it) when over the limit

 private:
  std::size_t limit_;
  std::size_t used_ = 0;
  std::size_t refused_ = 0;
  AllocationBudget* outer_;
};

}  // namespace ruvector::test
