// Little-endian appenders shared by the two witness layouts, and upstream's generation encoding:
// u64le(len(G)) || G, G = 0x00 || u64le(n) (numeric) or 0x01 || utf8 (opaque).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "ruvector/crypto/crypto.hpp"
#include "ruvector/witness/bundle_witness.hpp"

namespace ruvector::witness {

inline void append_bytes(std::vector<std::uint8_t>& out, crypto::Bytes bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

inline void append_uint_le(std::vector<std::uint8_t>& out, std::uint64_t v, unsigned width) {
  for (unsigned i = 0; i < width; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8U * i)));
}

inline void append_u64le(std::vector<std::uint8_t>& out, std::uint64_t v) {
  append_uint_le(out, v, 8);
}

inline void append_generation(std::vector<std::uint8_t>& out, const Generation& generation) {
  if (const auto* n = std::get_if<std::uint64_t>(&generation)) {
    append_u64le(out, 9);
    out.push_back(0x00);
    append_u64le(out, *n);
  } else {
    const auto& s = std::get<std::string>(generation);
    append_u64le(out, 1 + s.size());
    out.push_back(0x01);
    append_bytes(out, crypto::as_bytes(s));
  }
}

}  // namespace ruvector::witness
