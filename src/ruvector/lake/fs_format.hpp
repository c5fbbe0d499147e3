// The FsBackend's two file formats (docs/lake.md, "FsBackend directory"). Little-endian, each ends
// in a CRC-32 of every byte before it:
//
//   MANIFEST  "RVLKMAN1" | u32 version = 1 | u32 dim | u64 generation | u64 lineage
//             | u64 next segment number | u32 segment count
//             | per segment: u64 number | u64 rows | u32 segment_checksum | u32 crc
//   seg-<16 hex digits>.rvseg
//             "RVLKSEG1" | u32 version = 1 | u32 dim | u64 rows | u64[rows] ids
//             | f32[rows * dim] vectors | u32 crc
//
// The parsers take bytes (the fuzz entry points): hostile input raises PersistError, reads stay in
// bounds, arithmetic is checked, and nothing is allocated beyond what the bytes themselves hold.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ruvector::lake {

struct SegmentRef {
  std::uint64_t number = 0;
  std::uint64_t rows = 0;
  std::uint32_t file_crc = 0;  // segment_checksum() of the segment file
};

struct Manifest {
  std::uint32_t dim = 0;
  std::uint64_t generation = 0;  // bumped by every write: the coherence token
  std::uint64_t lineage = 0;     // random, fixed when the collection is created: a re-created
                                 // collection never reuses (data_ref, generation) of an old one
  std::uint64_t next_segment = 0;
  std::vector<SegmentRef> segments;
};

struct Segment {
  std::uint32_t dim = 0;
  std::vector<std::uint64_t> ids;
  std::vector<float> vectors;  // rows x dim, row-major
};

std::vector<std::uint8_t> serialize_manifest(const Manifest& manifest);
Manifest parse_manifest(std::span<const std::uint8_t> bytes);

std::vector<std::uint8_t> serialize_segment(std::uint32_t dim, std::span<const std::uint64_t> ids,
                                            std::span<const float> vectors);
Segment parse_segment(std::span<const std::uint8_t> bytes);

// CRC-32 of a segment file without its trailer. (Over the whole file it would be the same constant
// for every well-sealed file: CRC's residue property.)
std::uint32_t segment_checksum(std::span<const std::uint8_t> file_bytes);

// "seg-00000000000000a3.rvseg"
std::string segment_file_name(std::uint64_t number);

}  // namespace ruvector::lake
