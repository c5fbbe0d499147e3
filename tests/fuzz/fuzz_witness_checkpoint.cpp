// Signed tlog checkpoints (C2SP signed note + checkpoint body): the witness core's own entry point,
// which verifies against fixed keys, re-serialises what parsed and parses the text unsigned too.
#include <cstddef>
#include <cstdint>

#include "ruvector/witness/fuzz_entry.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return ruvector::witness::fuzz_verify_checkpoint(data, size);
}
