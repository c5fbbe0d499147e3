// ASCII case folding for protocol tokens (URL schemes and hosts, header names, media types), which
// are compared case-insensitively and never locale-dependent.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace ruvector {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

}  // namespace ruvector
