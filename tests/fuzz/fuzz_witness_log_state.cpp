// The transparency log's `state` file (witness::parse_log_state) from arbitrary bytes. Property:
// PersistError, or a state that writes back to text which parses to the same state. Each input is
// also tried with its last line replaced by the right CRC, so mutations reach the fields behind it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/core/crc32.hpp"
#include "ruvector/witness/transparency_log.hpp"

namespace witness = ruvector::witness;

namespace {

void check(std::string_view text) {
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const witness::LogState state = witness::parse_log_state(text);
    const witness::LogState again = witness::parse_log_state(witness::log_state_text(state));
    if (again.size != state.size || again.root != state.root) {
      ruvector::fuzz::property_failed("parse_log_state(log_state_text(s)) differs");
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check(text);
  const std::size_t body_end = text.empty() ? 0 : text.rfind('\n', text.size() - 2);
  if (body_end == std::string_view::npos) return 0;
  const std::string body(text.substr(0, body_end + 1));
  char crc[16];
  (void)std::snprintf(crc, sizeof crc, "%08x\n",
                      ruvector::crc32(std::span(reinterpret_cast<const std::uint8_t*>(body.data()), body.size())));
  check(body + crc);
  return 0;
}
