// Internal to src/ruvector/a2a (the types.hpp sources): strict JSON readers that name the path of
// a bad value ("result.task.status: expected an object, got string") and writers that leave unset
// members out. One copy for the messages/tasks, agent card and request-param sources.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ruvector/a2a/types.hpp"

namespace ruvector::a2a::detail {

namespace json = boost::json;

[[noreturn]] void fail(const std::string& path, const std::string& message);
std::string_view sv(json::string_view s);
std::string quoted(std::string_view s);  // a JSON string, cut at 60 characters
std::string index_path(const std::string& path, std::size_t i);
std::string as_string(const json::value& v, const std::string& path);
bool as_bool(const json::value& v, const std::string& path);
std::int64_t as_int(const json::value& v, const std::string& path);
const json::object& as_object(const json::value& v, const std::string& path);
const json::array& as_array(const json::value& v, const std::string& path);
std::vector<std::string> as_strings(const json::value& v, const std::string& path);

// The members of one JSON object, read one by one; what is not read is kept by rest().
class Fields {
 public:
  Fields(const json::value& v, std::string path) : obj_(&as_object(v, path)), path_(std::move(path)) {}

  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] std::string at(std::string_view key) const { return path_ + "." + std::string(key); }

  // The member, or nullptr when it is absent or null (a null stays in rest(), written back as is).
  const json::value* take(std::string_view key) {
    const json::value* v = obj_->if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    taken_.push_back(key);
    return v;
  }
  // Like take(), but a null value counts as present (for google.protobuf.Value members).
  const json::value* take_any(std::string_view key) {
    const json::value* v = obj_->if_contains(key);
    if (v != nullptr) taken_.push_back(key);
    return v;
  }
  const json::value& need(std::string_view key) {
    const json::value* v = take(key);
    if (v == nullptr) fail(at(key), obj_->contains(key) ? "must not be null" : "required member is missing");
    return *v;
  }

  std::string need_string(std::string_view key) { return as_string(need(key), at(key)); }
  std::optional<std::string> opt_string(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::string>(as_string(*v, at(key))) : std::nullopt;
  }
  std::optional<bool> opt_bool(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<bool>(as_bool(*v, at(key))) : std::nullopt;
  }
  std::optional<std::int64_t> opt_int(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::int64_t>(as_int(*v, at(key))) : std::nullopt;
  }
  std::optional<json::object> opt_object(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<json::object>(as_object(*v, at(key))) : std::nullopt;
  }
  std::optional<json::array> opt_array(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<json::array>(as_array(*v, at(key))) : std::nullopt;
  }
  std::vector<std::string> need_strings(std::string_view key) { return as_strings(need(key), at(key)); }
  std::optional<std::vector<std::string>> opt_strings(std::string_view key) {
    const json::value* v = take(key);
    return v != nullptr ? std::optional<std::vector<std::string>>(as_strings(*v, at(key))) : std::nullopt;
  }
  template <class F>
  auto need_list(std::string_view key, F parse_item) {
    const std::string p = at(key);
    const json::array& a = as_array(need(key), p);
    std::vector<decltype(parse_item(a[0], p))> out;
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) out.push_back(parse_item(a[i], index_path(p, i)));
    return out;
  }
  template <class F>
  auto opt_list(std::string_view key, F parse_item) -> std::optional<decltype(need_list(key, parse_item))> {
    if (!has(key)) return std::nullopt;
    return need_list(key, parse_item);
  }
  [[nodiscard]] bool has(std::string_view key) const {
    const json::value* v = obj_->if_contains(key);
    return v != nullptr && !v->is_null();
  }
  // A 0.3 "kind" discriminator, if present, must equal `expected`.
  void check_kind(std::string_view expected) {
    if (const json::value* kind = take("kind")) {
      const std::string k = as_string(*kind, at("kind"));
      if (k != expected) fail(at("kind"), "expected " + quoted(expected) + ", got " + quoted(k));
    }
  }

  [[nodiscard]] json::object rest() const;

 private:
  const json::object* obj_;
  std::string path_;
  std::vector<std::string_view> taken_;
};

// ---- writing helpers ----

json::array to_array(const std::vector<std::string>& items);

template <class T>
json::array to_array(const std::vector<T>& items, ProtocolVersion version) {
  json::array out;
  out.reserve(items.size());
  for (const T& item : items) out.emplace_back(to_json(item, version));
  return out;
}

void put(json::object& out, std::string_view key, const std::optional<std::string>& v);
void put(json::object& out, std::string_view key, const std::optional<bool>& v);
void put(json::object& out, std::string_view key, const std::optional<std::int64_t>& v);
void put(json::object& out, std::string_view key, const std::optional<json::object>& v);
void put(json::object& out, std::string_view key, const std::optional<json::array>& v);
void put(json::object& out, std::string_view key, const std::optional<std::vector<std::string>>& v);
// Unknown members go back unless a known member of the same name was written.
void put_extra(json::object& out, const json::object& extra);
bool is_v1(ProtocolVersion version);

}  // namespace ruvector::a2a::detail
