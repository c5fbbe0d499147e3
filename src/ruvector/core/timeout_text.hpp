// Timeouts in the words a person reads in an error message, the same from every transport (the
// core's A2A transfers and the native libcurl engine).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ruvector {

// "2.0 s", "0.25 s".
inline std::string seconds_text(std::int64_t ms) {
  std::string frac = std::to_string(1000 + ms % 1000).substr(1);
  while (frac.size() > 1 && frac.back() == '0') frac.pop_back();
  return std::to_string(ms / 1000) + "." + frac + " s";
}

// "no data from <url> for 2.0 s (read timeout)".
inline std::string read_timeout_message(std::string_view url, std::int64_t ms) {
  return "no data from " + std::string(url) + " for " + seconds_text(ms) + " (read timeout)";
}

}  // namespace ruvector
