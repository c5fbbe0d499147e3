// The upstream-compatible bundle witness (ruLake `rvf_witness`, ruvector-rulake 2.2.0): SHAKE-256
// over a fixed byte layout of the bundle's descriptive fields, first 32 bytes. It binds the data
// reference, the index parameters and the backend generation, but no vector data: the content
// witness (content_witness.hpp) is the one that binds the data. Layout (docs/lake.md):
//   "rulake-bundle-witness-v1|" || u64le(len(data_ref)) || data_ref || "|"
//   || u64le(dim) || u64le(rotation_seed) || u64le(rerank_factor) || "|" || u64le(len(G)) || G
// with G = 0x00 || u64le(n) for a numeric generation, 0x01 || utf8 for an opaque one.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ruvector::witness {

using Digest = std::array<std::uint8_t, 32>;

// A backend's generation: upstream's `Generation::Num(u64)` or `Generation::Opaque(String)`. The
// variant tag is hashed, so Num(7) and an opaque string with the same 8 bytes differ.
using Generation = std::variant<std::uint64_t, std::string>;

std::vector<std::uint8_t> bundle_witness_preimage(std::string_view data_ref, std::uint64_t dim,
                                                  std::uint64_t rotation_seed, std::uint64_t rerank_factor,
                                                  const Generation& generation);

Digest bundle_witness(std::string_view data_ref, std::uint64_t dim, std::uint64_t rotation_seed,
                      std::uint64_t rerank_factor, const Generation& generation);

// Lower-case hex of the witness, the form the sidecar's "rvf_witness" field carries.
std::string bundle_witness_hex(std::string_view data_ref, std::uint64_t dim, std::uint64_t rotation_seed,
                               std::uint64_t rerank_factor, const Generation& generation);

}  // namespace ruvector::witness
