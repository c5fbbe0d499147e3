// numpy <-> C++ array translation shared by the binding files of ruvector._core.
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/ndarray.h>

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "ruvector/flat/flat_index.hpp"

namespace ruvector::python {

namespace nb = nanobind;

// C-contiguous arrays, zero-copy: the pure-Python layer checks dtype/layout and reports a clear
// error before calling us, so noconvert() never silently copies float64 input.
using F32Matrix = nb::ndarray<const float, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using U8Matrix = nb::ndarray<const std::uint8_t, nb::ndim<2>, nb::c_contig, nb::device::cpu>;
using U64Vector = nb::ndarray<const std::uint64_t, nb::ndim<1>, nb::c_contig, nb::device::cpu>;
using U64Matrix = nb::ndarray<const std::uint64_t, nb::ndim<2>, nb::c_contig, nb::device::cpu>;

inline std::span<const float> span_of(const F32Matrix& m) {
  return {m.data(), m.size()};
}
inline std::span<const std::uint64_t> span_of(const U64Vector& v) {
  return {v.data(), v.size()};
}

// Hands a std::vector to numpy without copying: the capsule owns it.
template <class T>
nb::ndarray<nb::numpy, T> to_numpy(std::vector<T>&& values, std::size_t rows, std::size_t cols) {
  auto* owned = new std::vector<T>(std::move(values));
  nb::capsule owner(owned, [](void* p) noexcept { delete static_cast<std::vector<T>*>(p); });
  return nb::ndarray<nb::numpy, T>(owned->data(), {rows, cols}, owner);
}

inline nb::tuple search_results(SearchResults&& r) {
  const std::size_t q = r.queries;
  const std::size_t k = r.k;
  return nb::make_tuple(to_numpy(std::move(r.ids), q, k), to_numpy(std::move(r.distances), q, k));
}

// obj.serialize() computed with the GIL released, as Python bytes (indexes, collections).
template <class T>
nb::bytes serialized(const T& obj) {
  std::vector<std::uint8_t> bytes;
  {
    const nb::gil_scoped_release unlocked;
    bytes = obj.serialize();
  }
  return nb::bytes(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace ruvector::python
