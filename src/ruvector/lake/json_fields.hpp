// Typed reads of a JSON object's fields for the lake's small file parsers (the bundle sidecar and
// the bundle witness file): anything missing or mistyped is a PersistError that names the file and
// the field.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "ruvector/core/error.hpp"
#include "ruvector/witness/bundle_witness.hpp"

namespace ruvector::lake {

class JsonFields {
 public:
  // `what` starts every message ("invalid bundle sidecar"); strings longer than `max_string` bytes
  // are refused.
  JsonFields(std::string what, std::size_t max_string) : what_(std::move(what)), max_string_(max_string) {}

  [[noreturn]] void fail(const std::string& why) const { throw_error(ErrorCode::kPersistError, what_ + ": " + why); }

  // `json` parsed (at most `max_bytes`, nesting at most `max_depth`) into a value that must be an
  // object.
  [[nodiscard]] boost::json::value parse_object(std::string_view json, std::size_t max_bytes,
                                                std::size_t max_depth) const {
    if (json.size() > max_bytes) fail(std::to_string(json.size()) + " bytes exceeds " + std::to_string(max_bytes));
    boost::json::parse_options options;
    options.max_depth = max_depth;
    boost::system::error_code ec;
    boost::json::value root = boost::json::parse(json, ec, {}, options);
    if (ec) fail("not JSON: " + ec.message());
    if (!root.is_object()) fail("not a JSON object");
    return root;
  }

  [[nodiscard]] const boost::json::value& field(const boost::json::object& object, const char* name) const {
    const auto* value = object.if_contains(name);
    if (value == nullptr) fail(std::string("missing field '") + name + "'");
    return *value;
  }

  [[nodiscard]] std::uint64_t unsigned_field(const boost::json::object& object, const char* name) const {
    const auto& value = field(object, name);
    if (value.is_uint64()) return value.get_uint64();
    if (value.is_int64() && value.get_int64() >= 0) return static_cast<std::uint64_t>(value.get_int64());
    fail(std::string("field '") + name + "' must be a non-negative integer");
  }

  [[nodiscard]] std::string string_of(const boost::json::value& value, const char* name) const {
    if (!value.is_string()) fail(std::string("field '") + name + "' must be a string");
    const auto& text = value.get_string();
    if (text.size() > max_string_) {
      fail(std::string("field '") + name + "' exceeds " + std::to_string(max_string_) + " bytes");
    }
    return {text.data(), text.size()};
  }

  [[nodiscard]] std::string string_field(const boost::json::object& object, const char* name) const {
    return string_of(field(object, name), name);
  }

  // A backend's generation: a string (opaque) or a non-negative integer.
  [[nodiscard]] witness::Generation generation_field(const boost::json::object& object, const char* name) const {
    const auto& value = field(object, name);
    if (value.is_string()) return string_of(value, name);
    return unsigned_field(object, name);
  }

 private:
  std::string what_;
  std::size_t max_string_;
};

}  // namespace ruvector::lake
