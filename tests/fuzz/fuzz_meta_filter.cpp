// MetaFilter::parse, the reader of every caller's metadata filter (Collection.query, the MCP server's
// query tool). Properties: InvalidInput or a filter; a parsed filter evaluates against any stored
// metadata without throwing, and the same text parses to a filter giving the same answers.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/collection/meta_filter.hpp"

namespace {

constexpr std::array<std::string_view, 6> kMetas = {
    "",
    R"({"a":1,"b":"x","c":[1,"x",null],"d":true})",
    R"({"a":2.5,"b":null,"year":2020})",
    R"({"a":-1,"tags":["x","y"],"n":18446744073709551615})",
    R"({"nested":{"a":1},"a":"1"})",
    R"({"":0,"$and":1})",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ruvector::MetaFilter filter;
  if (!ruvector::fuzz::returns_or_ruvector_error([&] { filter = ruvector::MetaFilter::parse(text); })) return 0;
  const ruvector::MetaFilter again = ruvector::MetaFilter::parse(text);
  for (const std::string_view meta : kMetas) {
    if (filter.matches(meta) != again.matches(meta)) ruvector::fuzz::property_failed("same filter, other answer");
  }
  return 0;
}
