// RabitqIndex::deserialize on arbitrary bytes. The trailing CRC-32 is recomputed first: a mutated
// file would otherwise stop at the checksum, and a file can be crafted with a valid one anyway.
// Properties: PersistError or a usable index; an index that loads can be searched, and its
// serialization loads again to the same bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "ruvector/rabitq/rabitq_index.hpp"

using ruvector::rabitq::RabitqIndex;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes = ruvector::fuzz::with_valid_crc32_trailer(data, size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const RabitqIndex index = RabitqIndex::deserialize(bytes);
    const std::vector<float> query(index.dim(), 0.5F);
    if (index.size() > 0) {
      const auto found = index.search(query, 3);
      if (found.ids.size() != 3 || found.distances.size() != 3) ruvector::fuzz::property_failed("search result size");
    }
    const auto again = index.serialize();
    if (RabitqIndex::deserialize(again).serialize() != again) {
      ruvector::fuzz::property_failed("serialize(deserialize(serialize(x))) != serialize(x)");
    }
  });
  return 0;
}
