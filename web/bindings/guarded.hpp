// Bound functions never throw into JS: an exception crossing a wasm frame skips C++ destructors and
// leaks (TOOLCHAIN.md). They return a record instead; the JS wrapper turns {error} into the Error
// subclass of the same name.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <span>
#include <string>

#include "ruvector/core/error.hpp"

namespace ruvector::wasm {

inline emscripten::val error_record(std::string_view name, const char* message) {
  emscripten::val error = emscripten::val::object();
  error.set("name", std::string(name));
  error.set("message", std::string(message));
  emscripten::val out = emscripten::val::object();
  out.set("error", error);
  return out;
}

// Runs `body` (which returns a val) and converts any exception into an error record.
template <class Body>
emscripten::val guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const Error& e) {
    return error_record(e.name(), e.what());
  } catch (const std::bad_alloc&) {
    return error_record("RuVectorError", "out of memory");
  } catch (const std::exception& e) {
    return error_record("RuVectorError", e.what());
  }
}

// A JS typed array holding a copy of wasm memory (`new T(view)` copies): views die when memory grows.
template <class T>
emscripten::val copy_to_js(const char* array_type, const T* data, std::size_t count) {
  return emscripten::val::global(array_type).new_(emscripten::typed_memory_view(count, data));
}

template <class T>
std::span<const T> heap_span(std::uintptr_t address, std::size_t count) {
  return {reinterpret_cast<const T*>(address), count};  // NOLINT(performance-no-int-to-ptr): JS heap offset
}

}  // namespace ruvector::wasm
