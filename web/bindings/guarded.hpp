// Bound functions never throw into JS: an exception crossing a wasm frame skips C++ destructors and
// leaks (TOOLCHAIN.md). They return a record instead; the JS wrapper turns {error} into the Error
// subclass of the same name.
#pragma once

#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <span>
#include <string>
#include <string_view>

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

// JS numbers are doubles: refuse NaN, Inf, fractions and out-of-range values before any cast, so
// k = 2.7 is an error rather than k = 2 and bytesPerRow = 2**32 never becomes 0.
// The core then applies its own range checks (k >= 1, dim >= 1) with the shared messages.
constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1
inline std::int64_t integer_arg(double value, std::string_view what, std::int64_t min = -kMaxSafeInteger) {
  // wasm32's size_t is 32 bits: 2^32 must be refused, not wrapped to 0.
  constexpr double kMaxSafe =
      std::min(static_cast<double>(kMaxSafeInteger), static_cast<double>(std::numeric_limits<std::size_t>::max()));
  if (!std::isfinite(value) || value != std::floor(value) || value < static_cast<double>(min) || value > kMaxSafe) {
    char shown[32];
    (void)std::snprintf(shown, sizeof shown, "%.15g", value);  // not iostreams: +130 KB of wasm
    const std::string bound = min > -kMaxSafeInteger ? " >= " + std::to_string(min) : "";
    throw_error(ErrorCode::kInvalidInput, std::string(what) + " must be an integer" + bound + ", got " + shown);
  }
  return static_cast<std::int64_t>(value);
}

template <class T>
std::span<const T> heap_span(std::uintptr_t address, std::size_t count) {
  return {reinterpret_cast<const T*>(address), count};  // NOLINT(performance-no-int-to-ptr): JS heap offset
}

}  // namespace ruvector::wasm
