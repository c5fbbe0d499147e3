#include "ruvector/witness/fuzz_entry.hpp"

#include <array>
#include <string>
#include <string_view>

#include "ruvector/core/error.hpp"
#include "ruvector/witness/checkpoint.hpp"

namespace ruvector::witness {

int fuzz_verify_checkpoint(const std::uint8_t* data, std::size_t size) noexcept {
  // Fixed keys: one the fuzzer can never forge, one it might name (to reach the verify path).
  static const std::array<NoteVerifier, 2> kTrusted = {
      NoteSigner("fuzz.example/log", std::array<std::uint8_t, 32>{1}).verifier(),
      NoteSigner("a", std::array<std::uint8_t, 32>{2}).verifier(),
  };
  const std::string_view note(reinterpret_cast<const char*>(data), size);
  try {
    const Checkpoint c = verify_checkpoint(note, kTrusted);
    (void)checkpoint_text(c);
  } catch (const Error& e) {
    (void)e.code();  // rejecting hostile input is the expected outcome
  }
  try {
    (void)parse_checkpoint_text(note);
  } catch (const Error& e) {
    (void)e.code();
  }
  return 0;
}

}  // namespace ruvector::witness
