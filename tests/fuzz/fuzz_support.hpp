// What every fuzz target treats as a bug: a ruvector::Error is the documented answer to bad input;
// any other exception (std::length_error from an unchecked size, std::bad_alloc from a size read out
// of the input, ...) and any broken property abort, so libFuzzer saves the input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>

#include "ruvector/core/error.hpp"

namespace ruvector::fuzz {

[[noreturn]] inline void property_failed(const char* what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

// Runs f(); true if it returned, false if it threw a ruvector::Error. Anything else aborts.
template <class F>
bool returns_or_ruvector_error(F&& f) {
  try {
    f();
    return true;
  } catch (const ruvector::Error&) {
    return false;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "non-ruvector exception escaped: %s\n", e.what());
    std::abort();
  }
}

}  // namespace ruvector::fuzz
