// libFuzzer-friendly entry points for the witness parsers: any input, no state; a ruvector::Error
// is an accepted outcome, anything else (another exception, a crash, a sanitizer report) is a bug.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ruvector::witness {

// Opens `data` as a signed checkpoint note against a fixed test verifier key and an unknown-key
// mix, then re-serialises what parsed. Returns 0 (libFuzzer's convention).
int fuzz_verify_checkpoint(const std::uint8_t* data, std::size_t size) noexcept;

}  // namespace ruvector::witness
