// One array of an IVF list (its ids, codes, factors or stored rows): either owned, or a read-only
// view of a file mapping (RabitqIndex::map, zero-copy). Readers see the same pointer and size
// either way; the first change to a viewed column copies it into owned storage (copy on write), so
// add() and remove() work on a mapped index and never write to the file.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace ruvector::rabitq {

template <class T>
class Column {
 public:
  Column() = default;
  explicit Column(std::vector<T> owned) noexcept : owned_(std::move(owned)) {}
  // `values` must outlive the column (the index keeps its mapping alive).
  static Column view(std::span<const T> values) noexcept {
    Column c;
    c.view_ = values.data();
    c.view_size_ = values.size();
    return c;
  }

  [[nodiscard]] const T* data() const noexcept { return view_ != nullptr ? view_ : owned_.data(); }
  [[nodiscard]] std::size_t size() const noexcept { return view_ != nullptr ? view_size_ : owned_.size(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data(), size()}; }

  [[nodiscard]] bool is_view() const noexcept { return view_ != nullptr; }
  // Heap bytes this column holds (0 for a view: those bytes belong to the mapping).
  [[nodiscard]] std::size_t owned_bytes() const noexcept { return owned_.capacity() * sizeof(T); }
  [[nodiscard]] std::size_t viewed_bytes() const noexcept { return view_ != nullptr ? view_size_ * sizeof(T) : 0; }

  // The owned vector, for changes: a view is copied into it first (exactly, no growth slack).
  std::vector<T>& owned() {
    if (view_ != nullptr) {
      owned_.reserve(view_size_);
      owned_.assign(view_, view_ + view_size_);
      view_ = nullptr;
      view_size_ = 0;
    }
    return owned_;
  }

 private:
  std::vector<T> owned_;
  const T* view_ = nullptr;
  std::size_t view_size_ = 0;
};

}  // namespace ruvector::rabitq
