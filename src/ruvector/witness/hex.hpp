// Lower-case hex for digests in sidecars, errors and bindings; decoding is strict (even length,
// [0-9a-fA-F] only) and names `what` in the InvalidInput error.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ruvector::witness {

std::string to_hex(std::span<const std::uint8_t> bytes);
std::vector<std::uint8_t> from_hex(std::string_view text, std::string_view what = "hex text");

}  // namespace ruvector::witness
