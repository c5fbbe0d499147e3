// How error messages name the kind of a JSON value ("an object", "a string", ...).
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace ruvector::a2a {

inline std::string_view json_kind_name(boost::json::kind k) noexcept {
  switch (k) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

}  // namespace ruvector::a2a
