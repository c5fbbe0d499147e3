// The lake's FsBackend files (MANIFEST and seg-*.rvseg) from arbitrary bytes; the trailing CRC-32 is
// recomputed first so that mutations reach the parsers. Properties: PersistError, or a value that
// serializes back to exactly the bytes it was read from (every byte of both formats is a field).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "ruvector/lake/fs_format.hpp"

namespace lake = ruvector::lake;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes = ruvector::fuzz::with_valid_crc32_trailer(data, size);
  ruvector::fuzz::returns_or_ruvector_error([&] {
    if (lake::serialize_manifest(lake::parse_manifest(bytes)) != bytes) {
      ruvector::fuzz::property_failed("serialize_manifest(parse_manifest(b)) != b");
    }
  });
  ruvector::fuzz::returns_or_ruvector_error([&] {
    const lake::Segment segment = lake::parse_segment(bytes);
    if (lake::serialize_segment(segment.dim, segment.ids, segment.vectors) != bytes) {
      ruvector::fuzz::property_failed("serialize_segment(parse_segment(b)) != b");
    }
    (void)lake::segment_checksum(bytes);
  });
  return 0;
}
