// The k best (smallest) hits of a scan, kept in a bounded max-heap: the exact top k of FlatIndex
// and of RabitqIndex's rerank.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ruvector {

// Adds `hit` to `top_k`, a max-heap of the k smallest hits so far, if it is one of them.
// std::sort_heap(top_k) then gives them in ascending order.
template <typename Hit>
void keep_if_top_k(std::vector<Hit>& top_k, std::size_t k, const Hit& hit) {
  if (top_k.size() < k) {
    top_k.push_back(hit);
    std::push_heap(top_k.begin(), top_k.end());
  } else if (hit < top_k.front()) {
    std::pop_heap(top_k.begin(), top_k.end());
    top_k.back() = hit;
    std::push_heap(top_k.begin(), top_k.end());
  }
}

}  // namespace ruvector
