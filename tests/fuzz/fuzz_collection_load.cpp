// The collection file (parse_collection_file, what Collection::deserialize reads) from arbitrary
// bytes. The trailing CRC-32 is recomputed first: a mutated file would otherwise stop at the
// checksum. Properties: PersistError or a file that writes back to the same bytes, and that a
// Collection with an encoder of its dim loads and can query.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "ruvector/collection/collection.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes = ruvector::fuzz::with_valid_crc32_trailer(data, size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const ruvector::CollectionFile file = ruvector::parse_collection_file(bytes);
    if (ruvector::write_collection_file(file) != bytes) ruvector::fuzz::property_failed("write(parse(b)) != b");
    if (file.dim > 4096) return;  // keeps each run fast; the parser itself saw every dim
    const std::uint32_t dim = file.dim;
    auto encoder = ruvector::function_collection_encoder(
        dim, [dim](std::span<const std::string_view> texts) { return std::vector<float>(texts.size() * dim, 0.25F); });
    // The description differs from the file's unless the file says "function dim=N": both outcomes
    // are answers; a loaded collection must serve a query and save the same records.
    ruvector::fuzz::returns_or_ruvector_error([&] {
      const auto collection = ruvector::Collection::deserialize(bytes, encoder);
      const std::vector<std::string_view> query = {"q"};
      if (collection->query(query, 2).size() != 1) ruvector::fuzz::property_failed("one list of hits per query");
      if (collection->size() != file.records.size()) ruvector::fuzz::property_failed("size after load");
    });
  });
  return 0;
}
