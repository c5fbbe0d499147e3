#include "ruvector/a2a/types_json.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <cmath>

#include "ruvector/a2a/json_kind.hpp"
#include "ruvector/core/error.hpp"

namespace ruvector::a2a::detail {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw_error(ErrorCode::kProtocolError, path + ": " + message);
}

std::string_view sv(json::string_view s) {
  return {s.data(), s.size()};
}

std::string quoted(std::string_view s) {
  std::string out = json::serialize(json::value(json::string(s.substr(0, 60))));
  if (s.size() > 60) out.insert(out.size() - 1, "...");
  return out;
}

std::string index_path(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string as_string(const json::value& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + std::string(json_kind_name(v.kind())));
  return {v.get_string().data(), v.get_string().size()};
}

bool as_bool(const json::value& v, const std::string& path) {
  if (!v.is_bool()) fail(path, "expected a boolean, got " + std::string(json_kind_name(v.kind())));
  return v.get_bool();
}

std::int64_t as_int(const json::value& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double() && std::floor(v.get_double()) == v.get_double() &&
      std::fabs(v.get_double()) <= 9007199254740992.0) {
    return static_cast<std::int64_t>(v.get_double());
  }
  fail(path,
       "expected an integer, got " + (v.is_number() ? json::serialize(v) : std::string(json_kind_name(v.kind()))));
}

const json::object& as_object(const json::value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + std::string(json_kind_name(v.kind())));
  return v.get_object();
}

const json::array& as_array(const json::value& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + std::string(json_kind_name(v.kind())));
  return v.get_array();
}

std::vector<std::string> as_strings(const json::value& v, const std::string& path) {
  const json::array& a = as_array(v, path);
  std::vector<std::string> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(as_string(a[i], index_path(path, i)));
  return out;
}

json::object Fields::rest() const {
  json::object out;
  for (const json::key_value_pair& kv : *obj_) {
    if (std::find(taken_.begin(), taken_.end(), sv(kv.key())) == taken_.end()) out.emplace(kv.key(), kv.value());
  }
  return out;
}

json::array to_array(const std::vector<std::string>& items) {
  json::array out;
  out.reserve(items.size());
  for (const std::string& s : items) out.emplace_back(s);
  return out;
}

void put(json::object& out, std::string_view key, const std::optional<std::string>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<bool>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<std::int64_t>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<json::object>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<json::array>& v) {
  if (v) out[key] = *v;
}
void put(json::object& out, std::string_view key, const std::optional<std::vector<std::string>>& v) {
  if (v) out[key] = to_array(*v);
}
// Unknown members go back unless a known member of the same name was written.
void put_extra(json::object& out, const json::object& extra) {
  for (const json::key_value_pair& kv : extra) out.emplace(kv.key(), kv.value());
}

bool is_v1(ProtocolVersion version) {
  return version == ProtocolVersion::kV1_0;
}

}  // namespace ruvector::a2a::detail
