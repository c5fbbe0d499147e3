// A bundle's witness file bundle.witness.json (lake::parse_bundle_witness) from arbitrary bytes.
// Property: PersistError, or a record whose JSON parses back to the same JSON; computing its log
// entry raises at most WitnessMismatch.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/lake/bundle.hpp"

namespace lake = ruvector::lake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const lake::BundleWitness record = lake::parse_bundle_witness(text);
    const std::string written = lake::bundle_witness_to_json(record);
    bool reread = false;
    ruvector::fuzz::returns_or_ruvector_error(
        [&] { reread = lake::bundle_witness_to_json(lake::parse_bundle_witness(written)) == written; });
    if (!reread) ruvector::fuzz::property_failed("parse_bundle_witness(bundle_witness_to_json(r)) differs or fails");
    (void)lake::bundle_log_entry(record);
  });
  return 0;
}
