// The bundle sidecar table.rulake.json (lake::parse_sidecar) from arbitrary bytes. Property:
// PersistError / WitnessMismatch, or a sidecar whose JSON parses back to the same JSON (what we
// write, we read).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/lake/sidecar.hpp"

namespace lake = ruvector::lake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const std::string written = lake::sidecar_to_json(lake::parse_sidecar(text));
    bool reread = false;
    ruvector::fuzz::returns_or_ruvector_error(
        [&] { reread = lake::sidecar_to_json(lake::parse_sidecar(written)) == written; });
    if (!reread) ruvector::fuzz::property_failed("parse_sidecar(sidecar_to_json(s)) differs or fails");
  });
  return 0;
}
