// The collection file, version 1 (little-endian, one file):
//   "RVCOLLEC"  u32 version = 1  u32 metric (0 l2, 1 ip, 2 cosine)  u32 dim (1 ..= 2^20)
//   u8 any_id_used  u64 largest_id_used  u64 count
//   u32 n + n bytes: the encoder description (UTF-8, <= 4096 bytes)
//   count records, ids strictly ascending (<= largest_id_used):
//     u64 id  u32 n + n bytes text (UTF-8)  u32 n + n bytes meta ("" or a JSON object)  dim x f32 (finite)
//   u32 CRC-32 of every byte before it; nothing after it.
// parse_collection_file refuses anything else with PersistError and allocates no more than a
// small multiple of the input; write_collection_file(parse_collection_file(b)) == b.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ruvector/core/metric.hpp"

namespace ruvector {

struct CollectionFile {
  static constexpr std::uint32_t kVersion = 1;
  static constexpr std::uint32_t kMaxDim = 1U << 20U;
  static constexpr std::uint32_t kMaxDescriptionBytes = 4096;

  struct Record {
    std::uint64_t id = 0;
    std::string text;
    std::string meta;
    std::vector<float> vector;
  };

  Metric metric = Metric::kCosine;
  std::uint32_t dim = 0;
  bool any_id_used = false;
  std::uint64_t largest_id_used = 0;
  std::string encoder;
  std::vector<Record> records;
};

[[nodiscard]] CollectionFile parse_collection_file(std::span<const std::uint8_t> bytes);
// PersistError if `file` breaks an invariant parse_collection_file checks.
[[nodiscard]] std::vector<std::uint8_t> write_collection_file(const CollectionFile& file);

// "" for an empty meta, else its compact JSON; InvalidInput naming `what` unless it is a JSON object.
[[nodiscard]] std::string canonical_meta(std::string_view meta, std::string_view what);

}  // namespace ruvector
