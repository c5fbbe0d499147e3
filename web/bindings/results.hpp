// The JS shape of a SearchResults, shared by every index binding: {queries, k, idWords, distances},
// with the u64 ids as little-endian u32 pairs (the JS wrapper views them as a BigUint64Array).
#pragma once

#include <emscripten/val.h>

#include <cstdint>

#include "guarded.hpp"
#include "ruvector/flat/flat_index.hpp"

namespace ruvector::wasm {

inline emscripten::val search_results_to_js(const SearchResults& r) {
  emscripten::val out = emscripten::val::object();
  out.set("queries", static_cast<double>(r.queries));
  out.set("k", static_cast<double>(r.k));
  out.set("idWords", copy_to_js("Uint32Array", reinterpret_cast<const std::uint32_t*>(r.ids.data()), r.ids.size() * 2));
  out.set("distances", copy_to_js("Float32Array", r.distances.data(), r.distances.size()));
  return out;
}

}  // namespace ruvector::wasm
