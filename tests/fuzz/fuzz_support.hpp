// What every fuzz target treats as a bug: a ruvector::Error is the documented answer to bad input;
// any other exception (std::length_error from an unchecked size, std::bad_alloc from a size read out
// of the input, ...) and any broken property abort, so libFuzzer saves the input as a crash.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <span>
#include <vector>

#include "ruvector/core/crc32.hpp"
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

// The input with its last 4 bytes replaced by the CRC-32 of the rest: the file formats end in one,
// and a mutated file would otherwise stop at the checksum instead of reaching the parser.
inline std::vector<std::uint8_t> with_valid_crc32_trailer(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> bytes(data, data + size);
  if (bytes.size() >= 4) {
    const std::uint32_t crc = ruvector::crc32(std::span(bytes).first(bytes.size() - 4));
    std::memcpy(bytes.data() + bytes.size() - 4, &crc, 4);
  }
  return bytes;
}

}  // namespace ruvector::fuzz
