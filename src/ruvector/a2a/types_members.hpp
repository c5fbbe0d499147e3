// Internal to src/ruvector/a2a: one member list per A2A object serves both directions. A type's
// members are described once, as a generic callable `describe(io, object)` that names each JSON
// member beside the field holding it; MemberReader runs it to parse (strictly, in the listed order,
// so the first bad member is the one reported) and MemberWriter to write back (same order, unset
// members left out). Parsing and writing therefore cannot drift apart.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ruvector/a2a/types.hpp"
#include "ruvector/a2a/types_json.hpp"

namespace ruvector::a2a::detail {

template <class T, class Describe>
T read_members(const json::value& v, const std::string& path, const Describe& describe);

template <class T, class Describe>
json::object write_members(const T& object, ProtocolVersion version, const Describe& describe);

class MemberReader {
 public:
  MemberReader(const json::value& v, std::string path) : fields_(v, std::move(path)) {}

  // A 0.3 "kind" discriminator, if present, must equal `expected`.
  void kind(std::string_view expected) { fields_.check_kind(expected); }

  void member(std::string_view key, std::string& out) { out = fields_.need_string(key); }
  void member(std::string_view key, std::vector<std::string>& out) { out = fields_.need_strings(key); }
  void member(std::string_view key, std::optional<std::string>& out) { out = fields_.opt_string(key); }
  void member(std::string_view key, std::optional<bool>& out) { out = fields_.opt_bool(key); }
  void member(std::string_view key, std::optional<std::int64_t>& out) { out = fields_.opt_int(key); }
  void member(std::string_view key, std::optional<json::object>& out) { out = fields_.opt_object(key); }
  void member(std::string_view key, std::optional<json::array>& out) { out = fields_.opt_array(key); }
  void member(std::string_view key, std::optional<std::vector<std::string>>& out) { out = fields_.opt_strings(key); }
  void member(std::string_view key, Role& out) { out = parse_role(fields_.need_string(key), fields_.at(key)); }
  void member(std::string_view key, TaskState& out) {
    out = parse_task_state(fields_.need_string(key), fields_.at(key));
  }
  void member(std::string_view key, std::vector<Part>& out) { out = fields_.need_list(key, parse_part); }

  // A nested object (or list of them) described by `describe`.
  template <class T, class Describe>
  void object(std::string_view key, T& out, const Describe& describe) {
    out = read_members<T>(fields_.need(key), fields_.at(key), describe);
  }
  template <class T, class Describe>
  void object(std::string_view key, std::optional<T>& out, const Describe& describe) {
    if (const json::value* v = fields_.take(key)) out = read_members<T>(*v, fields_.at(key), describe);
  }
  template <class T, class Describe>
  void list(std::string_view key, std::vector<T>& out, const Describe& describe) {
    out = fields_.need_list(key, item_reader<T>(describe));
  }
  template <class T, class Describe>
  void list(std::string_view key, std::optional<std::vector<T>>& out, const Describe& describe) {
    out = fields_.opt_list(key, item_reader<T>(describe));
  }

  // A rule across members, checked where it is listed (after the members it reads).
  void require(bool holds, const char* message) const {
    if (!holds) fail(fields_.path(), message);
  }
  void extra(json::object& out) const { out = fields_.rest(); }

 private:
  template <class T, class Describe>
  static auto item_reader(const Describe& describe) {
    return [&describe](const json::value& v, const std::string& path) { return read_members<T>(v, path, describe); };
  }

  Fields fields_;
};

class MemberWriter {
 public:
  explicit MemberWriter(ProtocolVersion version) : version_(version) {}

  void kind(std::string_view name) {
    if (!is_v1(version_)) out_["kind"] = name;
  }

  void member(std::string_view key, const std::string& v) { out_[key] = v; }
  void member(std::string_view key, const std::vector<std::string>& v) { out_[key] = to_array(v); }
  template <class T>
  void member(std::string_view key, const std::optional<T>& v) {
    put(out_, key, v);
  }
  void member(std::string_view key, Role role) { out_[key] = role_name(role, version_); }
  void member(std::string_view key, TaskState state) { out_[key] = task_state_name(state, version_); }
  void member(std::string_view key, const std::vector<Part>& parts) { out_[key] = to_array(parts, version_); }

  template <class T, class Describe>
  void object(std::string_view key, const T& v, const Describe& describe) {
    out_[key] = write_members(v, version_, describe);
  }
  template <class T, class Describe>
  void object(std::string_view key, const std::optional<T>& v, const Describe& describe) {
    if (v) object(key, *v, describe);
  }
  template <class T, class Describe>
  void list(std::string_view key, const std::vector<T>& items, const Describe& describe) {
    json::array out;
    out.reserve(items.size());
    for (const T& item : items) out.emplace_back(write_members(item, version_, describe));
    out_[key] = std::move(out);
  }
  template <class T, class Describe>
  void list(std::string_view key, const std::optional<std::vector<T>>& items, const Describe& describe) {
    if (items) list(key, *items, describe);
  }

  void require(bool /*holds*/, const char* /*message*/) const {}  // checked when reading only
  void extra(const json::object& extra) { put_extra(out_, extra); }

  json::object take() { return std::move(out_); }

 private:
  ProtocolVersion version_;
  json::object out_;
};

template <class T, class Describe>
T read_members(const json::value& v, const std::string& path, const Describe& describe) {
  MemberReader io(v, path);
  T out;
  describe(io, out);
  return out;
}

template <class T, class Describe>
json::object write_members(const T& object, ProtocolVersion version, const Describe& describe) {
  MemberWriter io(version);
  describe(io, object);
  return io.take();
}

}  // namespace ruvector::a2a::detail
