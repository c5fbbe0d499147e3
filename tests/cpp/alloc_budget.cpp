// The replaced global allocation functions behind AllocationBudget. Every form is replaced (plain,
// array, nothrow, aligned, sized deletes) so allocation and release always pair malloc / free,
// which keeps ASan's mismatch checks quiet and its leak and overflow checks working.
#include "alloc_budget.hpp"

#include <cstdlib>
#include <new>

namespace ruvector::test {
namespace {

thread_local AllocationBudget* active_budget = nullptr;

}  // namespace

AllocationBudget::AllocationBudget(std::size_t limit_bytes) noexcept : limit_(limit_bytes), outer_(active_budget) {
  active_budget = this;
}

AllocationBudget::~AllocationBudget() {
  active_budget = outer_;
}

bool AllocationBudget::charge(std::size_t bytes) noexcept {
  if (bytes > limit_ - used_) {
    if (refused_ == 0) refused_ = bytes;
    return false;
  }
  used_ += bytes;
  return true;
}

namespace {

void* allocate(std::size_t n, std::size_t align, bool nothrow) {
  if (active_budget != nullptr && !active_budget->charge(n)) {
    if (nothrow) return nullptr;
    throw std::bad_alloc();
  }
  const std::size_t size = n == 0 ? 1 : n;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(size);  // NOLINT(cppcoreguidelines-no-malloc): this is operator new
  } else {
    p = std::aligned_alloc(align, (size + align - 1) / align * align);
  }
  if (p == nullptr && !nothrow) throw std::bad_alloc();
  return p;
}

}  // namespace
}  // namespace ruvector::test

using ruvector::test::allocate;

// NOLINTBEGIN(cppcoreguidelines-no-malloc,misc-new-delete-overloads)
void* operator new(std::size_t n) {
  return allocate(n, 0, false);
}
void* operator new[](std::size_t n) {
  return allocate(n, 0, false);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n, 0, true);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n, 0, true);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a), false);
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate(n, static_cast<std::size_t>(a), false);
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a), true);
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a), true);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  std::free(p);
}
// NOLINTEND(cppcoreguidelines-no-malloc,misc-new-delete-overloads)
