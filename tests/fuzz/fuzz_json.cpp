// a2a::parse_json, the strict reader every protocol input goes through (responses, SSE data, cards).
// Properties: ProtocolError or a value that survives serialize -> parse_json unchanged, and whose
// RFC 8785 canonical form is a fixed point (canonical text parses back to the same canonical text).
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "ruvector/a2a/jcs.hpp"
#include "ruvector/a2a/jsonrpc.hpp"

namespace a2a = ruvector::a2a;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::value value;
  if (!ruvector::fuzz::returns_or_ruvector_error([&] { value = a2a::parse_json(text); })) return 0;
  const std::string serialized = boost::json::serialize(value);
  if (a2a::parse_json(serialized) != value) ruvector::fuzz::property_failed("parse_json(serialize(v)) != v");
  std::string canonical;
  if (!ruvector::fuzz::returns_or_ruvector_error([&] { canonical = a2a::canonicalize(value); })) return 0;
  if (a2a::canonicalize(a2a::parse_json(canonical)) != canonical) {
    ruvector::fuzz::property_failed("canonicalize is not a fixed point");
  }
  return 0;
}
