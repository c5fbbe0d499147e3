// str -> UTF-8 views for the bindings that pass texts to the core (embedders, Collection).
#pragma once

#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>  // every TU that casts std::string must see the same caster (ODR)

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ruvector/core/error.hpp"

namespace ruvector::python {

namespace nb = nanobind;

// The UTF-8 bytes of a str. A str holding a lone surrogate has no UTF-8 form: it is encoded with
// 'surrogatepass' (as in Pyodide and JS), so the core refuses it with the message every target gives.
inline std::string_view utf8_of(nb::handle text, std::size_t index, std::vector<nb::object>& keep_alive) {
  if (!nb::isinstance<nb::str>(text)) {
    ruvector::throw_error(
        ruvector::ErrorCode::kInvalidInput,
        "texts[" + std::to_string(index) + "] must be a str, got " + nb::cast<std::string>(nb::type_name(text.type())));
  }
  Py_ssize_t size = 0;
  if (const char* data = PyUnicode_AsUTF8AndSize(text.ptr(), &size)) {
    keep_alive.push_back(nb::borrow(text));
    return {data, static_cast<std::size_t>(size)};
  }
  PyErr_Clear();
  nb::object encoded = text.attr("encode")("utf-8", "surrogatepass");
  char* data = nullptr;
  if (PyBytes_AsStringAndSize(encoded.ptr(), &data, &size) != 0) throw nb::python_error();
  keep_alive.push_back(std::move(encoded));
  return {data, static_cast<std::size_t>(size)};
}

inline std::vector<std::string_view> utf8_views(const nb::list& texts, std::vector<nb::object>& keep_alive) {
  const std::size_t n = texts.size();
  keep_alive.reserve(n);
  std::vector<std::string_view> views;
  views.reserve(n);
  for (std::size_t i = 0; i < n; ++i) views.push_back(utf8_of(texts[i], i, keep_alive));
  return views;
}

}  // namespace ruvector::python
